import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { followProgress, type ProgressLine } from './orchestrator/images.ts';

export const REPOSITORY_ROOT = path.join(import.meta.dirname, '..');

/** The project's images: which Dockerfile builds which image setting. */
export const PROJECT_IMAGES = [
  { dockerfile: 'docker/server.Dockerfile', setting: 'serverImage' },
  { dockerfile: 'docker/translator.Dockerfile', setting: 'translatorImage' },
] as const;

/** Builds one image from a Dockerfile of the repository, with its progress, base images as build args. */
export async function buildProjectImage(
  docker: Docker,
  options: {
    dockerfile: string;
    tag: string;
    buildArgs: Record<string, string>;
    progress: ProgressLine;
    root?: string;
  },
): Promise<void> {
  const root = options.root ?? REPOSITORY_ROOT;
  // dockerode packs the context itself and leaves out what .dockerignore lists.
  const stream = await docker.buildImage(
    { context: root, src: fs.readdirSync(root) },
    {
      t: options.tag,
      dockerfile: options.dockerfile,
      buildargs: options.buildArgs,
      // This machine's engine has no bridge: build steps share the host's network.
      networkmode: 'host',
    },
  );
  await followProgress(docker, stream, options.progress);
}
