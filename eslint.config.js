import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The boundaries between the parts of the project: each folder named here may import only its own files,
 * npm packages and the folders listed for it. The processes (server, translator, stack) talk to each other
 * over HTTP, sockets and gRPC, never through each other's modules; the client knows only the contract.
 * Folders not named here may import anything: tools/, bench/, e2e/ and the test support. Tests
 * (`*.test.ts(x)`) may too: a test of the stack, say, uses the server's test helpers.
 */
export const BOUNDARIES = {
  renderer: ['contract'],
  server: ['contract', 'proto', 'settings', 'platform'],
  translator: ['contract', 'proto', 'settings', 'platform'],
  // The desktop app's docker mode (stack/docker-mode.ts) runs the local stack on containers of docker/.
  stack: ['contract', 'proto', 'settings', 'platform', 'docker'],
  // The desktop shell starts the stack through stack/; it never reaches into the server, translator or client.
  electron: ['contract', 'settings', 'stack'],
  // Container orchestration; db:migrate runs the server's own Postgres migrator.
  docker: ['contract', 'settings', 'server'],
  contract: [],
  settings: [],
  // What the processes need of the operating system alike (a lock between processes, whether a pid runs), kept
  // in one place.
  platform: [],
  // The wire between server and translator; its mapping to the contract's tiers and states may sit beside it.
  proto: ['contract'],
};

/** Tests and their support may import anything: they wire real processes together. */
const FREE_FILES = ['**/*.test.ts', '**/*.test.tsx', 'test-support/**'];

const boundaryZones = Object.entries(BOUNDARIES).map(([folder, allowed]) => ({
  target: `./${folder}`,
  from: '.',
  except: [`./${folder}`, ...allowed.map((other) => `./${other}`), './node_modules'],
  message:
    allowed.length === 0
      ? `${folder}/ imports nothing of the project.`
      : `${folder}/ may import only ${allowed.map((other) => `${other}/`).join(', ')}.`,
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'coverage/',
      'test-results/',
      'server/db/**/migrations/',
      'proto/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // The cycle rule reads every imported file to follow its imports; without these it skips `.ts` files
      // and silently finds nothing.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      // Resolves our `.ts` specifiers (and the renderer's bundler paths) the way tsc does, so that the
      // cycle and boundary rules see every edge.
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'renderer/tsconfig.json', 'e2e/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Run-time cycles, in the editor too; tools/import-cycles.ts (in `npm run lint`) adds type-only ones.
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: FREE_FILES,
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaryZones }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // CommonJS build hooks (electron-builder require()s them).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
