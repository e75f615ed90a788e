import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

type SuiteBody = () => void;

/**
 * A `describe` for suites that start a service program of their own (redis-server, postgres, dockerd…).
 * When the program (or one of the programs) is missing, the suite is named as not run together with the line that installs it;
 * under CI (`CI=true`) a missing program fails the run instead, so a suite can never silently vanish.
 */
export function describeWithProgram(programs: string | string[], installLine: string) {
  const missing = [programs]
    .flat()
    .filter((program) => spawnSync(program, ['--version'], { stdio: 'ignore' }).status !== 0);
  const found = missing.length === 0;
  const program = missing.join(' and ');
  return (name: string, body: SuiteBody): void => {
    if (found) {
      describe(name, body);
      return;
    }
    const reason = `${program} ${missing.length > 1 ? 'are' : 'is'} not installed; install it with: ${installLine}`;
    if (process.env.CI === 'true') {
      describe(name, () => {
        it(`needs ${program}`, () => {
          throw new Error(`${reason} (a suite that does not run fails under CI)`);
        });
      });
      return;
    }
    process.stderr.write(`NOT RUN: ${name} — ${reason}\n`);
    describe.skip(`${name} [NOT RUN: ${reason}]`, body);
  };
}
