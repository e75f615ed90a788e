import { DOCKER_SETTINGS } from '../docker/orchestrator/docker-settings.ts';
import { SERVER_SETTINGS } from '../server/settings.ts';
import type { SettingsDeclaration } from '../settings/reader.ts';
import { STACK_SETTINGS } from '../stack/stack-settings.ts';
import { TRANSLATOR_SETTINGS } from '../translator/config.ts';

/**
 * Prints the settings of each process as Markdown tables, read from their declarations, so that the docs
 * cannot drift from the code: `npx tsx tools/settings-table.ts`.
 */
function table(declaration: SettingsDeclaration): string {
  const rows = Object.values(declaration).map((declared) => {
    const computed: unknown = declared.default instanceof Function ? undefined : declared.default;
    const fallback =
      declared.defaultText ??
      (computed === undefined ? 'unset' : `\`${JSON.stringify(computed).replaceAll('"', '')}\``);
    const flag = declared.flag === undefined ? '' : `\`--${declared.flag}\``;
    const variables = (declared.env ?? []).map((name) => `\`${name}\``).join(', ');
    return `| ${flag} | ${variables} | ${fallback} | ${declared.meaning} |`;
  });
  return ['| flag | variables | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

for (const [title, declaration] of [
  ['Stack (`npm run serve`)', STACK_SETTINGS],
  ['Chat server (`npm run serve:server`)', SERVER_SETTINGS],
  ['Translator (`npm run serve:translator`)', TRANSLATOR_SETTINGS],
  ['Containers (`npm run docker -- <verb>`)', DOCKER_SETTINGS],
] as const) {
  process.stdout.write(`### ${title}\n\n${table(declaration)}\n\n`);
}
