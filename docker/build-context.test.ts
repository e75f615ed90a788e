import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
// The matcher dockerode itself packs the build context with (docker/image-build.ts), so this sees the
// context the engine gets.
import dockerignoreModule from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './image-build.ts';

// A CommonJS module whose typings declare an ES default export: at run time the default import is the factory.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

/** The repository's files that go into the images' build context. */
function contextFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file !== '');
  const ignore = dockerignore({ ignorecase: false }).add(
    fs.readFileSync(path.join(REPOSITORY_ROOT, '.dockerignore'), 'utf8'),
  );
  return ignore.filter(tracked);
}

describe('the Docker build context', () => {
  it('leaves out tests, their support, e2e, benchmarks and docs, so changing them does not rebuild the images', () => {
    const files = contextFiles();
    const left = files.filter(
      (file) =>
        /\.test\.tsx?$/.test(file) ||
        /^(e2e|bench|docs|test-support|\.cache|\.ci)\//.test(file) ||
        file.endsWith('.md'),
    );
    expect(left).toEqual([]);
  });

  it('keeps what `npm run build` and the images read', () => {
    const files = new Set(contextFiles());
    const needed = [
      'package.json',
      'package-lock.json',
      '.npmrc',
      'tsconfig.json',
      'tsconfig.build.json',
      'tools/build-app.ts',
      'renderer/vite.config.ts',
      'renderer/index.html',
      'server/main.ts',
      'translator/main.ts',
      'stack/serve.ts',
      'platform/process-lock.ts',
      'proto/translation.proto',
      'server/db/sqlite/migrations/meta/_journal.json',
      'docker/healthcheck.js',
      'docker/monitoring/prometheus/prometheus.host.yml',
    ];
    expect(needed.filter((file) => !files.has(file))).toEqual([]);
  });
});
