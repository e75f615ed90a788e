import Docker from 'dockerode';

/** A failure the CLI prints as one line (no stack trace): what went wrong and what to do about it. */
export class OrchestrationError extends Error {
  override name = 'OrchestrationError';
}

const HOW_TO_GET_AN_ENGINE =
  'install one (Debian: apt-get install docker.io; elsewhere: Docker Desktop or docker-ce) and start it, or point DOCKER_HOST at a running engine';

/** A dockerode client for `dockerHost` (unix:///… or tcp://host:port). */
export function dockerClient(dockerHost: string): Docker {
  if (dockerHost.startsWith('unix://')) return new Docker({ socketPath: dockerHost.slice('unix://'.length) });
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return new Docker({ host: url.hostname, port: Number(url.port || 2375) });
}

/** Resolves when the engine answers; otherwise throws one line saying how to get one. */
export async function checkEngine(docker: Docker, dockerHost: string): Promise<void> {
  try {
    await docker.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OrchestrationError(
      `No Docker engine answers at ${dockerHost} (${reason}): ${HOW_TO_GET_AN_ENGINE}.`,
    );
  }
}
