import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { OrchestrationError } from './orchestrator/engine.ts';
import { resolveDockerSettings } from './orchestrator/docker-settings.ts';
import { Orchestrator } from './orchestrator/orchestrator.ts';
import { helpText, VERBS } from './verbs.ts';
import { SettingsError } from '../settings/reader.ts';

/**
 * `npm run docker -- <verb>`: the reference's docker-manage.sh verbs over dockerode. Each verb says what it
 * did; a failure is one line on stderr and a non-zero exit.
 */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} Continue? [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      yes: { type: 'boolean', short: 'y' },
      follow: { type: 'boolean', short: 'f' },
      tail: { type: 'string' },
      'no-pull': { type: 'boolean' },
      'network-mode': { type: 'string' },
      detach: { type: 'boolean', short: 'd' },
    },
  });
  const name = positionals[0] ?? 'help';
  const verb = VERBS.find((candidate) => candidate.name === name);
  if (!verb) {
    process.stderr.write(`Unknown verb "${name}".\n${helpText()}\n`);
    return 2;
  }
  try {
    const settingArgs =
      typeof values['network-mode'] === 'string' ? ['--network-mode', values['network-mode']] : [];
    const settings = resolveDockerSettings(settingArgs, process.env);
    if (verb.destructive && values.yes !== true && !(await confirm(verb.destructive))) {
      process.stderr.write(`${verb.name}: not confirmed, nothing done (--yes skips the question).\n`);
      return 1;
    }
    const say = (line: string) => process.stdout.write(`${line}\n`);
    const orchestrator = new Orchestrator(settings, (line) => process.stdout.write(`  ${line}\n`));
    const abort = new AbortController();
    process.once('SIGINT', () => {
      abort.abort();
    });
    await verb.run({
      orchestrator,
      say,
      out: process.stdout,
      options: {
        follow: values.follow === true,
        tail: Number(values.tail ?? 100),
        pull: values['no-pull'] !== true,
        signal: abort.signal,
      },
    });
    return 0;
  } catch (error) {
    const known = error instanceof OrchestrationError || error instanceof SettingsError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${verb.name} failed: ${message}\n`);
    if (!known && error instanceof Error && process.env.MEESHY_DEBUG)
      process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
