import { buildApp } from './app.ts';
import { openRepository } from './db/open-repository.ts';
import { loadOrCreateSecrets } from './security/secrets.ts';
import { resolveSettings } from './settings.ts';
import { GrpcTranslatorClient } from './translation/translator-client.ts';

/**
 * `npm run serve:server`: the chat server alone (`npm run serve` starts it together with the translator).
 * Settings are resolved here once (flag > env > default) and passed down; nothing below reads the environment.
 */
async function main(): Promise<void> {
  const settings = resolveSettings();
  const repository = await openRepository(settings);
  // The server starts nothing itself: it reaches the translator where it is told to, and reconnects.
  const translator = new GrpcTranslatorClient(settings.translatorAddress);
  const jwtSecret = settings.jwtSecretOverride ?? loadOrCreateSecrets(settings.dataDir).jwtSecret;
  const { app } = await buildApp({
    repository,
    jwtSecret,
    environment: settings.environment,
    auth: settings.auth,
    limits: settings.limits,
    allowedOrigins: settings.allowedOrigins,
    logger: { level: settings.logLevel },
    translator,
    clientDir: settings.clientDir,
    redisUrl: settings.redisUrl,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    // In-flight requests finish, sockets close, then the database is checkpointed and closed: every
    // acknowledged message is already committed, and nothing half-written is left behind.
    app
      .close()
      .then(() => {
        translator.close();
        return repository.close();
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

  const address = await app.listen({ host: settings.host, port: settings.port });
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
