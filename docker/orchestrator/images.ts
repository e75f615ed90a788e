import type Docker from 'dockerode';
import { OrchestrationError } from './engine.ts';

export type ProgressLine = (line: string) => void;

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  stream?: string;
}

export async function hasImage(docker: Docker, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Follows a pull or build stream to its end, printing its progress; rejects on the first error event. */
export function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  progress: ProgressLine,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => {
        if (error ?? failure) reject(error ?? new Error(failure));
        else resolve();
      },
      (event: PullEvent) => {
        if (event.error) failure = event.error;
        const text =
          event.stream?.trimEnd() ?? [event.id, event.status, event.progress].filter(Boolean).join(' ');
        if (text) progress(text);
      },
    );
  });
}

/**
 * Makes `reference` present: already there, or pulled (with progress). `pull: false` never contacts a
 * registry (machines without one). A missing image is one clear line naming the setting that chooses it.
 */
export async function ensureImage(
  docker: Docker,
  reference: string,
  options: { pull: boolean; setting: string; progress: ProgressLine },
): Promise<void> {
  if (await hasImage(docker, reference)) return;
  const advice = `build it (npm run docker -- prod:build) or choose another with ${options.setting}`;
  if (!options.pull) {
    throw new OrchestrationError(`Image ${reference} is not in the Docker engine: ${advice}.`);
  }
  options.progress(`pulling ${reference}`);
  try {
    await followProgress(docker, await docker.pull(reference), options.progress);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new OrchestrationError(
      `Image ${reference} is not in the Docker engine and could not be pulled (${reason}): ${advice}.`,
    );
  }
}
