import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { AppError } from '../errors.ts';
import type { AppServices } from '../services.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import { defaultSocketEventLimits, registerEventHandlers } from './event-handlers.ts';
import { isAllowedRequest, type OriginPolicy } from './origin-policy.ts';
import type { PresenceCounter } from './presence.ts';
import { ACCOUNTS_ROOM, conversationRoom, sessionRoom, userRoom } from './rooms.ts';
import { closeEndedSocket, startSessionSweep } from './session-sweep.ts';
import type { ChatServer, ChatSocket } from './types.ts';

export interface SocketServerOptions {
  services: AppServices;
  metrics: ServerMetrics;
  presence: PresenceCounter;
  logger: FastifyBaseLogger;
  maxPayloadBytes: number;
  /** Sockets one user may hold open at once; one more is refused at the handshake. */
  socketsPerUser: number;
  /** Which Host and Origin headers a handshake may carry (DNS rebinding, cross-site hijacking). */
  originPolicy: OriginPolicy;
  /** How often to look for sockets whose sign-in another replica ended (see session-sweep.ts). */
  sessionSweepMs: number;
}

/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * With `redis`, replicas share events through @socket.io/redis-streams-adapter rather than the pub/sub
 * @socket.io/redis-adapter: a Redis stream keeps what was published, so a replica whose connection to Redis
 * blinks reads on from where it stopped instead of losing what was published meanwhile, and it is the one
 * of the two that supports Socket.IO's connection-state recovery (missed packets replayed to a client that
 * reconnects quickly). Either way Redis is not the source of truth: a client resyncs from the database.
 */
export function createSocketServer(
  httpServer: HttpServer,
  allowedOrigins: readonly string[],
  redis?: Redis,
): ChatServer {
  // CORS headers for the polling transport of clients served from an allowed origin; the origin policy
  // below is what actually admits or refuses a connection.
  return new Server(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    cors: { origin: [...allowedOrigins] },
    ...(redis === undefined ? {} : { adapter: createAdapter(redis, { streamName: 'meeshy:socket.io' }) }),
  });
}

/** Returns what stops its background work, for the server's shutdown. */
export function configureSocketServer(io: ChatServer, options: SocketServerOptions): () => void {
  const { services, metrics, presence, logger } = options;
  const limits = defaultSocketEventLimits();
  // Frames above this size are refused and the connection closed, instead of ws's 100 MiB default.
  io.engine.opts.maxHttpBufferSize = options.maxPayloadBytes;
  io.engine.opts.pingInterval = 25_000;
  io.engine.opts.pingTimeout = 20_000;
  io.engine.opts.allowRequest = (request, callback) => {
    callback(null, isAllowedRequest(request, options.originPolicy));
  };

  const admittingByUser = new Map<string, number>();
  // Authentication and room lookup finish before the connection is accepted, so a client that resyncs
  // right after `connect` is already subscribed to every conversation it belongs to.
  io.use((socket, next) => {
    authenticateSocket(socket, services).then(
      () => {
        // Socket.IO connects an admitted socket on the next tick: admissions not yet connected are counted
        // too, so a burst of parallel handshakes cannot all slip under the cap.
        const { userId } = socket.data;
        const admitting = admittingByUser.get(userId) ?? 0;
        if (presence.openCount(userId) + admitting >= options.socketsPerUser) {
          const refused = new Error('Too many open connections for this user') as Error & { data: unknown };
          refused.data = { code: 'RATE_LIMITED' };
          next(refused);
          return;
        }
        admittingByUser.set(userId, admitting + 1);
        // After the connection (or its abandonment) on the next tick, presence counts it instead.
        setImmediate(() => {
          const left = (admittingByUser.get(userId) ?? 1) - 1;
          if (left <= 0) admittingByUser.delete(userId);
          else admittingByUser.set(userId, left);
        });
        next();
      },
      (error: unknown) => {
        const appError =
          error instanceof AppError ? error : new AppError(401, 'UNAUTHENTICATED', 'Unauthorized');
        const refused = new Error(appError.message) as Error & { data: unknown };
        refused.data = { code: appError.code };
        next(refused);
      },
    );
  });

  io.on('connection', (socket) => {
    const { userId, sessionId, conversationIds, tokenExpiresAt, guest } = socket.data;
    void socket.join([
      userRoom(userId),
      sessionRoom(sessionId),
      ...conversationIds.map(conversationRoom),
      ...(guest ? [] : [ACCOUNTS_ROOM]),
    ]);
    registerEventHandlers(socket, { services, metrics, logger, limits });
    metrics.socketConnections.inc();
    // A sign-in that ended between the handshake's check and the join above was announced to a room this
    // socket was not in yet. Any later end reaches it through the room, so one more look closes the gap.
    services.repository.endedSessions([sessionId]).then(
      ([ended]) => {
        if (ended !== undefined) closeEndedSocket(socket, ended.reason);
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'could not check the sign-in of a new socket');
      },
    );

    const expiry = setTimeout(
      () => {
        socket.emit('auth:token-expired');
        socket.disconnect(true);
      },
      Math.min(Math.max(0, tokenExpiresAt - Date.now()), MAX_TIMER_MS),
    );

    if (presence.connected(userId)) broadcastStatus(io, conversationIds, userId, true, null);

    socket.on('disconnect', () => {
      clearTimeout(expiry);
      metrics.socketConnections.dec();
      if (!presence.disconnected(userId)) return;
      const lastSeenAt = new Date().toISOString();
      void services.repository.setLastSeen(userId, lastSeenAt).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not record last seen');
      });
      void services.repository.conversationIdsForUser(userId).then(
        (current) => {
          broadcastStatus(io, current, userId, false, lastSeenAt);
        },
        (error: unknown) => {
          logger.warn({ err: error }, 'could not announce that a user went offline');
        },
      );
    });
  });

  return startSessionSweep(io, services.repository, options.sessionSweepMs, logger);
}

async function authenticateSocket(socket: ChatSocket, services: AppServices): Promise<void> {
  const token = tokenFromHandshake(socket);
  if (token === undefined) throw new AppError(401, 'UNAUTHENTICATED', 'Missing auth.token in the handshake');
  const { userId, sessionId, expiresAt, guestConversationId } = await services.auth.authenticate(token);
  const user = await services.users.me(userId);
  socket.data = {
    userId,
    sessionId,
    username: user.username,
    guest: guestConversationId !== null,
    tokenExpiresAt: expiresAt.getTime(),
    conversationIds: await services.repository.conversationIdsForUser(userId),
  };
}

function tokenFromHandshake(socket: ChatSocket): string | undefined {
  const auth = socket.handshake.auth as Record<string, unknown>;
  if (typeof auth.token === 'string') return auth.token;
  const header = socket.handshake.headers.authorization;
  return header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length) : undefined;
}

function broadcastStatus(
  io: ChatServer,
  conversationIds: readonly string[],
  userId: string,
  isOnline: boolean,
  lastSeenAt: string | null,
): void {
  const rooms = conversationIds.map(conversationRoom);
  if (rooms.length === 0) return;
  io.to(rooms).emit('user:status', { userId, isOnline, lastSeenAt });
}
