import fs from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureAppBuilt, REPO_ROOT } from '../test-support/built-app.ts';
import { runtimeAssets } from './build-app.ts';
import { LINUX_ICON_SIZES } from './make-icons.ts';

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  afterPack: string;
  directories: { buildResources: string };
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  protocols: { schemes: string[] }[];
}

const config = parse(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

/** Every file under `folder`, relative to the repository, with forward slashes as electron-builder matches them. */
function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(path.join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    );
}

const unpacked = (file: string) =>
  config.asarUnpack.some((pattern) => minimatch(file, pattern, { dot: true }));

/** electron-builder's `files` rule: the last matching pattern decides (a leading `!` excludes). */
function packed(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

/** Width and height from a PNG's header. */
function pngSize(file: string): [number, number] {
  const header = fs.readFileSync(file).subarray(0, 24);
  expect(header.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [header.readUInt32BE(16), header.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  beforeAll(async () => {
    await ensureAppBuilt();
  }, 240_000);

  it('builds an AppImage and a deb for Linux, a dmg for macOS and an NSIS installer for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.protocols.flatMap((protocol) => protocol.schemes)).toContain('meeshy');
    expect(packageJson.scripts.dist).toMatch(
      /npm run build && electron-builder --config electron-builder.yml/,
    );
  });

  it('unpacks every native addon of the packaged dependencies from the asar', () => {
    const natives = ['better-sqlite3', 'onnxruntime-node'].flatMap((name) =>
      filesUnder(path.join('node_modules', name)).filter((file) => file.endsWith('.node')),
    );
    expect(natives.length).toBeGreaterThan(0);
    expect(natives.filter((file) => !unpacked(file))).toEqual([]);
  });

  it('packs the build output with the migrations and .proto files unpacked beside the code that reads them', () => {
    const built = filesUnder('dist/app');
    for (const asset of runtimeAssets(REPO_ROOT)) {
      const inBuild = built.filter((file) => file.startsWith(`dist/app/${asset.split(path.sep).join('/')}`));
      expect(inBuild.length, asset).toBeGreaterThan(0);
      expect(
        inBuild.filter((file) => !packed(file) || !unpacked(file)),
        asset,
      ).toEqual([]);
    }
    expect(built.some((file) => file.endsWith('.sql'))).toBe(true);
    expect(packed('dist/app/server/main.js')).toBe(true);
    expect(packed('dist/app/server/main.js.map')).toBe(false);
  });

  it('never bundles a model', () => {
    expect(packed('dist/app/models/medium/encoder_model.onnx')).toBe(false);
    expect(packed('dist/app/x/model.onnx_data')).toBe(false);
    expect(filesUnder('dist').filter((file) => /\.onnx(_data)?$/.test(file))).toEqual([]);
  });

  it('has its icons in resources/: a 1024 px PNG for macOS and Windows, the Linux set by size', () => {
    expect(config.directories.buildResources).toBe('resources');
    expect(pngSize(path.join(REPO_ROOT, config.mac.icon))).toEqual([1024, 1024]);
    expect(config.win.icon).toBe(config.mac.icon);
    for (const size of LINUX_ICON_SIZES) {
      expect(pngSize(path.join(REPO_ROOT, config.linux.icon, `${size}x${size}.png`))).toEqual([size, size]);
    }
  });

  it('points package.json main at the compiled Electron main process, and sets the fuses after packing', async () => {
    expect(packageJson.main).toBe('dist/app/electron/main.js');
    expect(packed(packageJson.main)).toBe(true);
    // The main process is compiled with the backend; once electron/main.ts exists, so does its output.
    if (fs.existsSync(path.join(REPO_ROOT, 'electron', 'main.ts'))) {
      expect(fs.existsSync(path.join(REPO_ROOT, packageJson.main))).toBe(true);
    }
    const hook = (await import(path.join(REPO_ROOT, config.afterPack))) as {
      default: unknown;
      FUSES: Record<number, boolean>;
    };
    expect(typeof hook.default).toBe('function');
    const { FuseV1Options } = await import('@electron/fuses');
    expect(hook.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(hook.FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });
});
