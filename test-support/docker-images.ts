import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';

/**
 * Base images for the Docker suites, built from nothing but Debian's packages (this machine has no image
 * registry): `debootstrap --variant=minbase bookworm`, `chroot … apt-get install`, an entrypoint, then the
 * root filesystem is saved as a tar under the cache folder (keyed by a hash of the recipe) and imported
 * into the engine with dockerode's `importImage`. The first build takes minutes; later runs only import.
 */

export interface BaseImageRecipe {
  /** Image name without tag, e.g. `meeshy-test/postgres`. */
  name: string;
  debianPackages: string[];
  /** Files written into the root filesystem (path → text), made executable. */
  files: Record<string, string>;
  /** Files or folders of this machine copied into the root filesystem (host path → image path). */
  hostCopies?: Record<string, string>;
  /** Symbolic links created in the root filesystem (link path → target). */
  symlinks?: Record<string, string>;
  /** `docker import --change` lines (ENV, ENTRYPOINT, CMD…). */
  changes: string[];
}

const SUITE = 'bookworm';

/** The Debian mirror this machine's apt uses (deb.debian.org unless sources say otherwise). */
export function debianMirror(): string {
  const candidates = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const uri =
      /^URIs:\s*(\S+\/debian)\s*$/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s+/m.exec(text);
    if (uri?.[1]) return uri[1];
  }
  return 'http://deb.debian.org/debian';
}

export function imageCacheDir(): string {
  return process.env.MEESHY_TEST_IMAGE_CACHE ?? path.join(os.homedir(), '.cache', 'meeshy-test-images');
}

export function recipeHash(recipe: BaseImageRecipe): string {
  return createHash('sha256')
    .update(JSON.stringify({ SUITE, ...recipe }))
    .digest('hex')
    .slice(0, 12);
}

/** `name:hash`: the tag changes whenever the recipe does. */
export function imageReference(recipe: BaseImageRecipe): string {
  return `${recipe.name}:${recipeHash(recipe)}`;
}

type Progress = (line: string) => void;
const defaultProgress: Progress = (line) => process.stderr.write(`[test-images] ${line}\n`);

function run(command: string, args: string[], progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (/^I: (Retrieving (InRelease|Packages)|Base system installed)|^Setting up/.test(line))
          progress(line);
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${tail.join('\n')}`));
    });
  });
}

async function buildRootfsTar(recipe: BaseImageRecipe, tarPath: string, progress: Progress): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-rootfs-'));
  const rootfs = path.join(work, 'rootfs');
  try {
    const started = Date.now();
    progress(`${recipe.name}: debootstrap ${SUITE} from ${debianMirror()} (first build only, a few minutes)`);
    await run('debootstrap', ['--variant=minbase', SUITE, rootfs, debianMirror()], progress);
    // Services must not start inside the chroot while packages install.
    fs.writeFileSync(path.join(rootfs, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    progress(`${recipe.name}: apt-get install ${recipe.debianPackages.join(' ')}`);
    await run(
      'chroot',
      [rootfs, 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...recipe.debianPackages],
      progress,
    );
    await run('chroot', [rootfs, 'apt-get', 'clean'], progress);
    fs.rmSync(path.join(rootfs, 'usr/sbin/policy-rc.d'));
    fs.rmSync(path.join(rootfs, 'var/lib/apt/lists'), { recursive: true, force: true });
    for (const [file, text] of Object.entries(recipe.files)) {
      const target = path.join(rootfs, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text, { mode: 0o755 });
    }
    for (const [from, to] of Object.entries(recipe.hostCopies ?? {})) {
      fs.cpSync(from, path.join(rootfs, to), { recursive: true, dereference: true });
    }
    for (const [link, target] of Object.entries(recipe.symlinks ?? {})) {
      fs.mkdirSync(path.dirname(path.join(rootfs, link)), { recursive: true });
      fs.symlinkSync(target, path.join(rootfs, link));
    }
    fs.mkdirSync(path.dirname(tarPath), { recursive: true });
    const partial = `${tarPath}.partial`;
    await run('tar', ['--numeric-owner', '-C', rootfs, '-cf', partial, '.'], progress);
    fs.renameSync(partial, tarPath);
    progress(
      `${recipe.name}: root filesystem saved to ${tarPath} in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function engineHasImage(docker: Docker, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Makes `recipe`'s image present in the engine: reuses it, or imports the cached tar, or builds the tar first. */
export async function ensureBaseImage(
  docker: Docker,
  recipe: BaseImageRecipe,
  progress = defaultProgress,
): Promise<string> {
  const reference = imageReference(recipe);
  if (await engineHasImage(docker, reference)) return reference;
  const tarPath = path.join(imageCacheDir(), `${recipe.name.replaceAll('/', '_')}-${recipeHash(recipe)}.tar`);
  if (!fs.existsSync(tarPath)) await buildRootfsTar(recipe, tarPath, progress);
  progress(`${recipe.name}: importing ${path.basename(tarPath)} as ${reference}`);
  const [repo, tag] = reference.split(':') as [string, string];
  const stream = await docker.importImage(fs.createReadStream(tarPath), {
    repo,
    tag,
    changes: recipe.changes,
  } as object);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
  return reference;
}
