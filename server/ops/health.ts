export type ComponentStatus = 'up' | 'down';

export interface ComponentHealth {
  status: ComponentStatus;
  detail?: string;
}

export type HealthCheck = () => Promise<ComponentHealth> | ComponentHealth;

export interface HealthReport {
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  components: Record<string, ComponentHealth>;
}

const CHECK_TIMEOUT_MS = 2000;

/** Runs every component's check at once; a check that throws or hangs counts as down. */
export async function checkHealth(checks: Record<string, HealthCheck>): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, ComponentHealth]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<ComponentHealth>((resolve) => {
          timer = setTimeout(() => {
            resolve({ status: 'down', detail: `no answer within ${CHECK_TIMEOUT_MS} ms` });
          }, CHECK_TIMEOUT_MS);
        });
        return [name, await Promise.race([Promise.resolve(check()), timeout])];
      } catch (error) {
        return [name, { status: 'down', detail: error instanceof Error ? error.message : String(error) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const components = Object.fromEntries(entries);
  const allUp = entries.every(([, health]) => health.status === 'up');
  return { status: allUp ? 'ok' : 'degraded', uptimeSeconds: Math.round(process.uptime()), components };
}
