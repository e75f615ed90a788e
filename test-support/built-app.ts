import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { ConversationDetail } from '../contract/conversations.ts';
import type { Ack, SentMessage } from '../contract/events.ts';
import { api } from './http-client.ts';
import { connectSocket, nextEvent, type ClientSocket } from './sockets.ts';
import { sleep } from './temp-dir.ts';
import { registerOverHttp } from './users.ts';

export const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILT_APP = path.join(REPO_ROOT, 'dist', 'app');
const STAMP = path.join(BUILT_APP, '.built-at');
const SOURCE_FOLDERS = [
  'stack',
  'server',
  'translator',
  'contract',
  'proto',
  'settings',
  'platform',
  'electron',
  'docker',
];

function newestSource(folder: string): number {
  if (!fs.existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/app once for the whole test run (`npm run build:app`), when it is missing or older than the
 * sources: the first test process to get here builds, under a lock folder; the others wait for it.
 */
export async function ensureAppBuilt(): Promise<string> {
  const lock = path.join(REPO_ROOT, 'dist', '.build-lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      await sleep(500);
    }
  }
  try {
    const sourcesAt = Math.max(...SOURCE_FOLDERS.map((folder) => newestSource(path.join(REPO_ROOT, folder))));
    const builtAt = fs.existsSync(STAMP) ? fs.statSync(STAMP).mtimeMs : 0;
    if (builtAt < sourcesAt) {
      execFileSync('npm', ['run', '--silent', 'build:app'], { cwd: REPO_ROOT, stdio: 'pipe' });
      fs.writeFileSync(STAMP, new Date().toISOString());
    }
  } finally {
    fs.rmdirSync(lock);
  }
  return BUILT_APP;
}

/** A folder holding only package.json, a link to node_modules and a copy of dist/: no TypeScript sources. */
export function copyBuildAlone(target: string): string {
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(target, 'package.json'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  fs.cpSync(path.join(REPO_ROOT, 'dist'), path.join(target, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.build-lock'),
  });
  return target;
}

/** Sends over a socket and resolves with the server's acknowledgement (stored, with its id). */
export async function sendOverSocket(
  socket: ClientSocket,
  conversationId: string,
  content: string,
): Promise<SentMessage> {
  const payload = { conversationId, clientMessageId: randomUUID(), content, originalLanguage: 'en' };
  const reply = (await socket.timeout(10_000).emitWithAck('message:send', payload)) as Ack<SentMessage>;
  if (!reply.success) throw new Error(`send refused: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

/** Two users registered over HTTP, a direct conversation, both on sockets; one message from A reaches B. */
export async function twoUserChat(url: string) {
  const alice = await registerOverHttp(url, 'alice', { systemLanguage: 'en' });
  const bob = await registerOverHttp(url, 'bob', { systemLanguage: 'en' });
  const conversation = await api<ConversationDetail>(
    `${url}/api/conversations`,
    'POST',
    { type: 'direct', memberIds: [bob.user.id] },
    alice.accessToken,
  );
  const aliceSocket = await connectSocket(url, alice.accessToken);
  const bobSocket = await connectSocket(url, bob.accessToken);
  const received = nextEvent(
    bobSocket,
    'message:new',
    (message) => message.content === 'hello from the build',
  );
  const sent = await sendOverSocket(aliceSocket, conversation.id, 'hello from the build');
  return { alice, bob, conversation, aliceSocket, bobSocket, sent, received: await received };
}
