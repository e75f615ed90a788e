import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Ack } from '../../contract/events.ts';
import { conversationRefSchema, socketSendMessageSchema, socketSyncSchema } from '../../contract/events.ts';
import { requireMember } from '../domain/access.ts';
import { AppError } from '../errors.ts';
import type { AppServices } from '../services.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import { parsePayload } from '../validation.ts';
import { UserRateLimiter } from '../domain/user-rate-limiter.ts';
import { conversationRoom } from './rooms.ts';
import type { ChatSocket } from './types.ts';

/** Per-user budgets of the socket events that fan out to others or read a lot. */
export interface SocketEventLimits {
  typing: UserRateLimiter;
  sync: UserRateLimiter;
  join: UserRateLimiter;
}

export function defaultSocketEventLimits(): SocketEventLimits {
  return {
    typing: new UserRateLimiter('typing', 20, 10),
    sync: new UserRateLimiter('sync', 60, 10),
    join: new UserRateLimiter('join', 60, 10),
  };
}

interface HandlerContext {
  services: AppServices;
  metrics: ServerMetrics;
  logger: FastifyBaseLogger;
  limits: SocketEventLimits;
}

function failure(error: unknown, logger: FastifyBaseLogger): Ack<never> {
  if (error instanceof AppError)
    return { success: false, error: { code: error.code, message: error.message } };
  logger.error({ err: error }, 'socket handler failed');
  return { success: false, error: { code: 'INTERNAL', message: 'Internal server error' } };
}

/**
 * Registers every client event synchronously on connection (frames arriving before registration would be
 * dropped). Each handler validates its payload, runs through the same services as REST, answers its ack
 * when the client asked for one, and never lets an error escape to crash the process.
 */
export function registerEventHandlers(socket: ChatSocket, context: HandlerContext): void {
  const { services, metrics, logger, limits } = context;
  const { userId } = socket.data;

  function handle<S extends z.ZodType, T>(
    event: string,
    schema: S,
    run: (payload: z.output<S>) => Promise<T>,
    limiter?: UserRateLimiter,
  ): (payload: unknown, ack?: unknown) => void {
    return (payload, ack) => {
      const stopTimer = metrics.socketEventDuration.startTimer({ event });
      const reply = typeof ack === 'function' ? (ack as (answer: Ack<T>) => void) : undefined;
      Promise.resolve()
        .then(() => limiter?.consume(userId))
        .then(() => run(parsePayload(schema, payload)))
        .then(
          (data) => {
            metrics.socketEvents.inc({ event, outcome: 'ok' });
            reply?.({ success: true, data });
          },
          (error: unknown) => {
            metrics.socketEvents.inc({ event, outcome: 'error' });
            const answer = failure(error, logger);
            if (reply) reply(answer);
            else if (!answer.success) socket.emit('error', answer.error);
          },
        )
        .finally(stopTimer);
    };
  }

  socket.on(
    'message:send',
    handle('message:send', socketSendMessageSchema, ({ conversationId, ...body }) =>
      services.messages.send(userId, conversationId, body, 'socket'),
    ),
  );

  socket.on(
    'conversation:join',
    handle(
      'conversation:join',
      conversationRefSchema,
      async ({ conversationId }) => {
        await requireMember(services.repository, conversationId, userId);
        await socket.join(conversationRoom(conversationId));
        return { conversationId };
      },
      limits.join,
    ),
  );

  socket.on(
    'sync',
    handle(
      'sync',
      socketSyncSchema,
      ({ since, limit }) => services.messages.sync(userId, since, limit),
      limits.sync,
    ),
  );

  for (const event of ['typing:start', 'typing:stop'] as const) {
    socket.on(
      event,
      handle(
        event,
        conversationRefSchema,
        async ({ conversationId }) => {
          await requireMember(services.repository, conversationId, userId);
          socket
            .to(conversationRoom(conversationId))
            .emit(event, { conversationId, userId, username: socket.data.username });
        },
        limits.typing,
      ),
    );
  }
}
