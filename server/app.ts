import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { DESKTOP_APP_ORIGIN } from '../contract/desktop-app.ts';
import type { ApiErrorBody } from '../contract/errors.ts';
import type { ChatRepository } from './db/repository.ts';
import { AuthService } from './domain/auth-service.ts';
import { DeviceService } from './domain/device-service.ts';
import { ConversationService } from './domain/conversation-service.ts';
import { LoginThrottle } from './domain/login-throttle.ts';
import { MessageService } from './domain/message-service.ts';
import { UserRateLimiter } from './domain/user-rate-limiter.ts';
import { UserService } from './domain/user-service.ts';
import { installErrorHandlers } from './http/error-handler.ts';
import { routeValidatorCompiler } from './http/validator.ts';
import { authRoutes } from './http/routes/auth.ts';
import { conversationRoutes } from './http/routes/conversations.ts';
import { messageRoutes } from './http/routes/messages.ts';
import { searchRoutes } from './search/search-routes.ts';
import { opsRoutes } from './http/routes/ops.ts';
import { userRoutes } from './http/routes/users.ts';
import { attachmentRoutes } from './http/routes/attachments.ts';
import { AttachmentService } from './attachments/attachment-service.ts';
import type { AttachmentStore } from './attachments/attachment-store.ts';
import { DEFAULT_UNSENT_UPLOAD_GRACE_SECONDS, startUnsentUploadSweep } from './attachments/unsent-sweep.ts';
import { joinRoutes } from './join/join-routes.ts';
import { JoinService } from './join/join-service.ts';
import { joinPage } from './join/join-page.ts';
import { serveWebClient } from './http/web-client.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installWriteBudget } from './http/write-budget.ts';
import { MalformedRequestAnswers } from './http/malformed-requests.ts';
import { isAllowedOrigin, type OriginPolicy } from './realtime/origin-policy.ts';
import { isAllowedHost } from './security/host-policy.ts';
import type { AppServices } from './services.ts';
import type { HealthCheck } from './ops/health.ts';
import { ServerMetrics } from './ops/metrics.ts';
import { PresenceTracker } from './realtime/presence.ts';
import { ReplicatedPresence } from './realtime/replicated-presence.ts';
import { inMemoryLimiters } from './domain/rate-limiter-store.ts';
import { openRedisConnection } from './redis/redis-connection.ts';
import { redisLimiters } from './redis/redis-limiters.ts';
import { redisAccountDelays } from './redis/redis-account-delays.ts';
import { inMemoryAccountDelays } from './domain/account-delay-store.ts';
import { createSocketPublisher } from './realtime/socket-publisher.ts';
import { configureSocketServer, createSocketServer } from './realtime/socket-server.ts';
import type { ChatServer } from './realtime/types.ts';
import { AccessTokens } from './security/access-token.ts';
import { translationRoutes } from './http/routes/translations.ts';
import { TranslationOrchestrator, translatorHealthCheck } from './translation/orchestrator.ts';
import { TranslationMetrics } from './translation/translation-metrics.ts';
import { ModelService } from './translation/model-service.ts';
import { MessageTranslationService } from './translation/message-translation-service.ts';
import type { TranslatorClient } from './translation/translator-client.ts';
import { assertStrongSecret } from './security/secrets.ts';
import { startSignInPurge } from './domain/sign-in-purge.ts';
import type { AuthSettings, RequestLimits, ServerSettings, TrustProxy } from './settings.ts';
import { rateLimitKeyOf } from './http/client-address.ts';
import type { MetricsAccess } from './ops/metrics-access.ts';

export interface AppOptions {
  repository: ChatRepository;
  jwtSecret: string;
  environment: ServerSettings['environment'];
  auth: AuthSettings;
  limits: RequestLimits;
  allowedOrigins: readonly string[];
  /** Proxies believed about the client's address (X-Forwarded-For); none by default. */
  trustProxy?: TrustProxy;
  /** Who may read `/metrics` (see MetricsAccess); by default loopback clients only. */
  metricsAccess?: MetricsAccess;
  /** The address anyone reaches this server at (MEESHY_PUBLIC_URL): join links are handed out on it. */
  publicUrl?: string;
  /** Public names the server is reached by, besides loopback names and IP addresses (DNS-rebinding defence). */
  publicHostnames?: readonly string[];
  logger?: FastifyServerOptions['logger'];
  /**
   * The translation service. Without one, messages are stored with their translation jobs, which wait
   * for a server started with a translator.
   */
  translator?: TranslatorClient;
  /** How often due translation jobs and a translator that is not serving are looked at (default 0.5 s). */
  translatorPollMs?: number;
  /** Folder of the built web client to serve at `/`, when it exists. */
  clientDir?: string;
  /**
   * How often open sockets' sign-ins are checked against the database, for sign-ins that another server
   * sharing it ended (default 30 s; the server that ends one closes its sockets at once).
   */
  sessionSweepMs?: number;
  /**
   * Redis shared by the server's replicas (REDIS_URL): events between them, presence, budgets. Never the
   * source of truth: without it, or while it is away, each replica serves its own sockets.
   */
  redisUrl?: string;
  /**
   * Where attached files are kept (./attachments/attachment-store.ts) and a private folder for uploads in
   * progress. Without one the server takes no attachments.
   */
  attachments?: {
    store: AttachmentStore;
    spoolDir: string;
    /** How long an upload waits for its message before the sweep removes it (default 24 h). */
    unsentGraceSeconds?: number;
  };
}

export interface BuiltApp {
  app: FastifyInstance;
  io: ChatServer;
  services: AppServices;
  metrics: ServerMetrics;
  /** Every route registered, as "METHOD /path": lets tests prove that no route escaped a rule. */
  routes: string[];
}

/**
 * Builds the whole server (HTTP routes, Socket.IO, services) without listening: tests drive it with
 * `app.inject`, or call `app.listen` on a loopback port for socket tests; `main.ts` listens for real.
 */
export async function buildApp(options: AppOptions): Promise<BuiltApp> {
  assertStrongSecret(options.jwtSecret, options.environment);
  // The desktop app's fixed origin is allowed by default, so a self-hosted server works with it unconfigured.
  // The desktop app's client has a fixed origin, allowed by every server so it can connect to any of them.
  const allowedOrigins = [DESKTOP_APP_ORIGIN, ...options.allowedOrigins];
  const malformedRequests = new MalformedRequestAnswers();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.limits.bodyLimitBytes,
    // Self-hosted servers often run without a reverse proxy; a request may not hang on forever.
    requestTimeout: 30_000,
    // `request.ip` is the socket's peer unless the operator named the proxies in front: a client could
    // otherwise write any X-Forwarded-For and get a fresh rate-limit budget with each.
    trustProxy: options.trustProxy ?? false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Errors Fastify raises before routing (a malformed URL) get the same JSON shape as every other one.
    frameworkErrors: (error, _request, reply) => {
      const body: ApiErrorBody = { error: { code: 'BAD_REQUEST', message: error.message } };
      // Fastify types this reply for a route schema it does not have yet; it is a plain reply.
      void (reply as unknown as FastifyReply).status(400).send(body);
    },
    // Bytes that are not HTTP: answered after the connection's earlier requests, then the connection closed.
    clientErrorHandler: malformedRequests.onClientError,
  });
  app.setValidatorCompiler(routeValidatorCompiler);
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });

  const originPolicy: OriginPolicy = {
    allowedOrigins,
    publicHostnames: options.publicHostnames ?? [],
  };
  // Before anything else: a request addressed to a name this server does not answer to is a rebinding
  // attempt (or a misrouted proxy), and gets no content at all.
  app.addHook('onRequest', async (request, reply) => {
    if (isAllowedHost(request.headers.host, originPolicy.publicHostnames)) return;
    const body: ApiErrorBody = {
      error: { code: 'MISDIRECTED_REQUEST', message: 'This server does not answer to that host name' },
    };
    await reply.status(421).send(body);
  });

  // The page this server serves connects to itself and to the origins the operator listed.
  await installSecurityHeaders(app, options.allowedOrigins);
  let servingClient = false;
  installErrorHandlers(app, () => servingClient);

  const metrics = new ServerMetrics();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const redis = options.redisUrl === undefined ? undefined : openRedisConnection(options.redisUrl, app.log);
  const io = createSocketServer(app.server, allowedOrigins, redis?.adapterClient);
  malformedRequests.track(app.server);
  const replicated = redis === undefined ? undefined : new ReplicatedPresence(io);
  const presence = replicated ?? new PresenceTracker();
  const limiters = redis === undefined ? inMemoryLimiters : redisLimiters(redis.commandClient);
  const accountDelays = redis === undefined ? inMemoryAccountDelays : redisAccountDelays(redis.commandClient);
  const publisher = createSocketPublisher(io);
  const { repository } = options;
  const auth = new AuthService({
    repository,
    accessTokens: new AccessTokens(options.jwtSecret, options.auth.accessTokenTtlSeconds),
    settings: options.auth,
    throttle: new LoginThrottle({
      attemptsPerWindow: options.auth.loginFailuresBeforeBlock,
      windowSeconds: options.auth.loginBlockSeconds,
      accountDelayBaseMs: options.auth.loginAccountDelayBaseMs,
      accountDelayMaxMs: options.auth.loginAccountDelayMaxMs,
      limiters,
      accountDelays,
    }),
    presence,
    sessions: publisher,
  });
  // One budget for everything a user writes: sends, edits and translation requests.
  const sendLimiter = new UserRateLimiter(
    'send',
    options.limits.sendsPerWindowPerUser,
    options.limits.sendWindowSeconds,
    limiters,
  );
  // Replaced by the orchestrator's wake-up when a translator is configured.
  let wakeTranslations: () => void = () => undefined;
  const attachments =
    options.attachments === undefined
      ? undefined
      : new AttachmentService({
          repository,
          store: options.attachments.store,
          spoolDir: options.attachments.spoolDir,
        });
  const services: AppServices = {
    repository,
    auth,
    devices: new DeviceService({
      repository,
      sessions: publisher,
      sessionMaxAgeSeconds: options.auth.sessionMaxAgeSeconds,
      refreshTokenTtlSeconds: options.auth.refreshTokenTtlSeconds,
    }),
    users: new UserService(repository, presence, publisher),
    conversations: new ConversationService({
      repository,
      publisher,
      presence,
      afterDeparture: (conversationId, userId) => joins.endGuestAfterDeparture(conversationId, userId),
    }),
    messages: new MessageService({
      repository,
      publisher,
      sendLimiter,
      attachments,
      onMessageStored: (transport) => {
        metrics.messagesStored.inc({ transport });
      },
      onTranslationQueued: () => {
        wakeTranslations();
      },
    }),
  };
  const joins = new JoinService({
    repository,
    publisher,
    sessions: publisher,
    conversations: services.conversations,
    openSession: (userId, sessionId, userAgent) => auth.openSession(userId, sessionId, userAgent),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    onTranslationQueued: () => {
      wakeTranslations();
    },
  });
  const stopSocketServer = configureSocketServer(io, {
    services,
    metrics,
    presence,
    logger: app.log,
    maxPayloadBytes: options.limits.socketMaxPayloadBytes,
    socketsPerUser: options.limits.socketsPerUser,
    originPolicy,
    sessionSweepMs: options.sessionSweepMs ?? 30_000,
  });

  const healthChecks: Record<string, HealthCheck> = {
    // A committed write, not `select 1`: a full disk or a read-only database answers reads to the end.
    database: async () => {
      await repository.probeWrite();
      return { status: 'up', detail: repository.engine() };
    },
    realtime: () => ({ status: 'up', detail: `${io.engine.clientsCount} connection(s)` }),
  };
  if (redis !== undefined) {
    healthChecks.redis = redis.health;
    app.addHook('onReady', (done) => {
      replicated?.start();
      done();
    });
    // After preClose has closed the sockets: the adapter's readers stop, then the clients.
    app.addHook('onClose', async () => {
      replicated?.stop();
      await io.of('/').adapter.close();
      await redis.close();
    });
  }

  // Browsers may call the API from another origin only when the operator allowed it (a self-hosted server
  // used by a client served elsewhere); requests carry bearer tokens, never cookies.
  await app.register(cors, {
    delegator: (request, callback) => {
      callback(null, { origin: isAllowedOrigin(request.raw, originPolicy), maxAge: 600 });
    },
  });
  if (options.clientDir !== undefined) servingClient = await serveWebClient(app, options.clientDir);
  if (servingClient) await app.register(joinPage);
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => rateLimitKeyOf(request.ip),
  });
  installWriteBudget(app, options.limits);
  if (options.translator) {
    const translator = options.translator;
    const orchestrator = new TranslationOrchestrator({
      repository,
      translator,
      publisher,
      metrics: new TranslationMetrics(metrics.registry, () => repository.countTranslationJobs()),
      logger: app.log,
      // A SQLite file is this server's alone (the data-folder lock); a Postgres database may have replicas.
      alone: repository.engine() === 'sqlite',
      ...(options.translatorPollMs === undefined ? {} : { pollIntervalMs: options.translatorPollMs }),
    });
    wakeTranslations = () => {
      orchestrator.wake();
    };
    healthChecks.translator = translatorHealthCheck(orchestrator);
    const translations = new MessageTranslationService({
      repository,
      translator,
      limiter: sendLimiter,
      onQueued: wakeTranslations,
    });
    // A model's new state may be the translator's new health: asked at once rather than at the next poll.
    const models = new ModelService(translator, publisher, app.log, () => {
      orchestrator.translatorChanged();
    });
    await app.register(translationRoutes, { auth, repository, translations, models });
    app.addHook('onReady', (done) => {
      orchestrator.start();
      models.start();
      done();
    });
    app.addHook('onClose', async () => {
      models.stop();
      await orchestrator.stop();
    });
  }

  await app.register(opsRoutes, {
    metrics,
    healthChecks,
    metricsAccess: options.metricsAccess ?? { servedHere: true },
  });
  // Each route's full URL comes from contract/routes.ts, so the plugins take no prefix.
  await app.register(authRoutes, {
    services,
    requestsPerMinutePerIp: options.limits.authRequestsPerMinutePerIp,
  });
  await app.register(userRoutes, { services });
  await app.register(conversationRoutes, { services });
  await app.register(messageRoutes, { services });
  await app.register(attachmentRoutes, { services, attachments });
  await app.register(joinRoutes, {
    services,
    joins,
    requestsPerMinutePerIp: options.limits.authRequestsPerMinutePerIp,
  });
  await app.register(searchRoutes, {
    services,
    budget: new UserRateLimiter('search', options.limits.searchesPerMinutePerUser, 60, limiters),
  });

  const stopMaintenance: (() => void)[] = [];
  app.addHook('onReady', (done) => {
    stopMaintenance.push(
      startSignInPurge(repository, {
        refreshTokenTtlSeconds: options.auth.refreshTokenTtlSeconds,
        intervalMs: 24 * 3600 * 1000,
        logger: app.log,
      }),
    );
    if (attachments !== undefined)
      stopMaintenance.push(
        startUnsentUploadSweep(attachments, {
          graceSeconds: options.attachments?.unsentGraceSeconds ?? DEFAULT_UNSENT_UPLOAD_GRACE_SECONDS,
          logger: app.log,
        }),
      );
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    for (const stop of stopMaintenance.splice(0)) stop();
    done();
  });

  // Sockets are closed before the HTTP server, which would otherwise wait on their open connections.
  app.addHook('preClose', async () => {
    stopSocketServer();
    io.disconnectSockets(true);
    await new Promise<void>((resolve) => {
      io.engine.close();
      resolve();
    });
  });

  return { app, io, services, metrics, routes };
}
