import path from 'node:path';
import { EXIT_NOT_RETRYABLE, onParentGone, portTakenMessage } from '../settings/parent-link.ts';
import { buildApp } from './app.ts';
import { FileSystemAttachmentStore } from './attachments/fs-attachment-store.ts';
import { openRepository } from './db/open-repository.ts';
import { lockDataDir } from './security/data-dir-lock.ts';
import { describeRepair, secureDataDir } from './security/data-dir-permissions.ts';
import { loadOrCreateSecrets } from './security/secrets.ts';
import { refuseNetworkDataDir } from './security/network-filesystem.ts';
import { listenForMetricsAlone } from './ops/metrics-access.ts';
import { resolveSettings } from './settings.ts';
import { GrpcTranslatorClient } from './translation/translator-client.ts';

/**
 * `npm run serve:server`: the chat server alone (`npm run serve` starts it together with the translator).
 * Settings are resolved here once (flag > env > default) and passed down; nothing below reads the environment.
 */
async function main(): Promise<void> {
  const settings = resolveSettings();
  // Every file this process creates (the database's -wal and -shm included) is the owner's alone.
  process.umask(0o077);
  const repairs = secureDataDir(settings.dataDir);
  // SQLite's database lives in the data folder; Postgres keeps its data where its operator put it.
  if (settings.databaseUrl === undefined) refuseNetworkDataDir(settings.dataDir);
  // Held until the process exits; taken before the database is opened or migrated.
  const dataDirLock = lockDataDir(settings.dataDir);
  const repository = await openRepository(settings);
  // The server starts nothing itself: it reaches the translator where it is told to, and reconnects.
  const translator = new GrpcTranslatorClient(settings.translatorAddress, settings.translatorToken);
  const jwtSecret = settings.jwtSecretOverride ?? loadOrCreateSecrets(settings.dataDir).jwtSecret;
  const { app, metrics } = await buildApp({
    repository,
    jwtSecret,
    environment: settings.environment,
    auth: settings.auth,
    limits: settings.limits,
    allowedOrigins: settings.allowedOrigins,
    publicHostnames: settings.publicHostnames,
    ...(settings.publicUrl === undefined ? {} : { publicUrl: settings.publicUrl }),
    trustProxy: settings.trustProxy,
    metricsAccess: { servedHere: settings.metricsPort === undefined, token: settings.metricsToken },
    logger: { level: settings.logLevel },
    translator,
    clientDir: settings.clientDir,
    redisUrl: settings.redisUrl,
    attachments: {
      store: new FileSystemAttachmentStore(path.join(settings.dataDir, 'attachments')),
      spoolDir: path.join(settings.dataDir, 'uploads'),
      unsentGraceSeconds: settings.unsentUploadGraceSeconds,
    },
  });

  for (const repair of repairs) app.log.warn(describeRepair(repair));
  const metricsListener =
    settings.metricsPort === undefined
      ? undefined
      : await listenForMetricsAlone(metrics, settings.metricsPort, settings.metricsToken);

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ reason }, 'stopping');
    // In-flight requests finish, sockets close, then the database is checkpointed and closed: every
    // acknowledged message is already committed, and nothing half-written is left behind.
    app
      .close()
      .then(() => metricsListener?.close())
      .then(() => {
        translator.close();
        return repository.close();
      })
      .then(() => {
        dataDirLock.release();
      })
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  onParentGone(stop);

  const address = await app.listen({ host: settings.host, port: settings.port }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `Meeshy server failed to start: ${portTakenMessage(settings.host, settings.port)}\n`,
      );
      process.exit(EXIT_NOT_RETRYABLE);
    }
    throw error;
  });
  // The ready line every Meeshy program prints (`Meeshy <service> ready at <address>`, read by
  // stack/process-launcher.ts), with the rest for people after it.
  process.stdout.write(
    `Meeshy server ready at ${address} (data in ${settings.dataDir}; translator at ${settings.translatorAddress})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Meeshy server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
