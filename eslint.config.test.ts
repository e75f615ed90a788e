import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;
// Only the rules under test, without type information: the probe files do not exist on disk, and the
// type-aware rules would make each run slower and prove nothing here.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId.startsWith('import-x/'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function problems(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relativePath) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? ''}: ${message.message}`);
}

describe('lint boundaries', () => {
  it('reports a server module importing the stack, and accepts one importing the contract', async () => {
    expect(
      await problems(
        'server/boundary-probe.ts',
        "export { startLocalStack } from '../stack/local-stack.ts';\n",
      ),
    ).toEqual([
      expect.stringMatching(
        /^import-x\/no-restricted-paths: .*server\/ may import only contract\/, proto\/, settings\//,
      ),
    ]);
    expect(
      await problems('server/boundary-probe.ts', "export { LIMITS } from '../contract/limits.ts';\n"),
    ).toEqual([]);
  });

  it('lets the server and the stack share platform/, which imports nothing of the project', async () => {
    const code = "export { tryProcessLock } from '../platform/process-lock.ts';\n";
    expect(await problems('server/boundary-probe.ts', code)).toEqual([]);
    expect(await problems('stack/boundary-probe.ts', code)).toEqual([]);
    expect(
      await problems('platform/boundary-probe.ts', "export { LIMITS } from '../contract/limits.ts';\n"),
    ).toEqual([expect.stringMatching(/platform\/ imports nothing of the project/)]);
  });

  it('reports the renderer importing the server, and lets a test import anything', async () => {
    const code = "export type { AppServices } from '../../server/services.ts';\n";
    expect(await problems('renderer/src/boundary-probe.ts', code)).toEqual([
      expect.stringMatching(/renderer\/ may import only contract\//),
    ]);
    expect(await problems('renderer/src/boundary-probe.test.ts', code)).toEqual([]);
  });

  it('follows our .ts specifiers far enough to find a cycle', async () => {
    // contract/conversations.ts imports limits.ts; limits.ts importing it back closes a cycle.
    const limits = fs.readFileSync(path.join(root, 'contract/limits.ts'), 'utf8');
    const cyclic = `${limits}\nimport { GLOBAL_CONVERSATION_ID } from './conversations.ts';\nexport const PROBE = GLOBAL_CONVERSATION_ID;\n`;
    expect(await problems('contract/limits.ts', cyclic)).toContain(
      'import-x/no-cycle: Dependency cycle detected',
    );
    expect(await problems('contract/limits.ts', limits)).toEqual([]);
  });
});
