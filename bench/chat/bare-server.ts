import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import type { RunningTarget, Shape } from './target-kinds.ts';

/**
 * The peer: a Socket.IO server that only acks and broadcasts to the conversation's room, optionally
 * inserting each message into SQLite first (WAL, synchronous=FULL, one transaction per message), so the
 * chat server is compared with what the transport and the disk alone allow.
 */
export async function startBareServer(shape: Shape, durableIn: string | null): Promise<RunningTarget> {
  const insert = durableIn === null ? undefined : openMessageTable(path.join(durableIn, 'bare.sqlite'));
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  let seq = 0;
  io.on('connection', (socket) => {
    const { room } = socket.handshake.auth as { room: string; userId: string };
    const senderId = (socket.handshake.auth as { userId: string }).userId;
    void socket.join(room);
    socket.on('message:send', (payload: Record<string, string>, ack: (reply: unknown) => void) => {
      seq += 1;
      const now = new Date().toISOString();
      const message = {
        id: `m${seq}`,
        conversationId: payload.conversationId,
        clientMessageId: payload.clientMessageId,
        sender: { id: senderId, username: senderId, displayName: null, avatarUrl: null },
        content: payload.content,
        originalLanguage: payload.originalLanguage ?? null,
        replyToId: null,
        seq,
        version: seq,
        createdAt: now,
        editedAt: null,
        deletedAt: null,
        reactions: [],
        translations: [],
      };
      insert?.(message.id, room, senderId, payload.clientMessageId ?? '', payload.content ?? '', seq, now);
      io.to(room).emit('message:new', message);
      ack({ success: true, data: { messageId: message.id, message, duplicate: false } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    ready: {
      url: `http://127.0.0.1:${port}`,
      conversations: Array.from({ length: shape.conversations }, (_, c) => ({
        id: `conversation-${c}`,
        members: Array.from({ length: shape.members }, (_, m) => ({
          auth: { room: `conversation-${c}`, userId: `user-${c}-${m}` },
        })),
      })),
    },
    stop: () =>
      new Promise<void>((resolve) => {
        void io.close(() => {
          resolve();
        });
      }),
  };
}

type InsertMessage = (...values: (string | number)[]) => void;

function openMessageTable(file: string): InsertMessage {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec(`create table if not exists messages (id text primary key, conversation_id text, sender_id text,
    client_message_id text, content text, seq integer, created_at text)`);
  const statement = sqlite.prepare('insert into messages values (?, ?, ?, ?, ?, ?, ?)');
  const inTransaction = sqlite.transaction((values: (string | number)[]) => statement.run(...values));
  return (...values) => {
    inTransaction.immediate(values);
  };
}
