import { randomUUID } from 'node:crypto';
import { PresenceTracker, type PresenceCounter } from './presence.ts';
import type { ChatServer } from './types.ts';

interface ReplicaPresence {
  userIds: Set<string>;
  heardAt: number;
}

/**
 * Presence across replicas, through the Socket.IO adapter: each replica counts its own sockets and sends its
 * whole list of online users to the others on every change and every heartbeat; a replica not heard from for
 * three heartbeats (it died, or Redis is away) no longer counts. Kept in memory so that reading presence
 * (every user view) stays synchronous; a list is small (user ids) and replicas are few.
 */
export class ReplicatedPresence implements PresenceCounter {
  private readonly local = new PresenceTracker();
  private readonly others = new Map<string, ReplicaPresence>();
  private readonly replicaId = randomUUID();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: ChatServer,
    private readonly heartbeatMs = 5000,
  ) {}

  start(): void {
    this.io.on('presence', (replicaId, userIds, hello) => {
      if (replicaId === this.replicaId) return;
      this.others.set(replicaId, { userIds: new Set(userIds), heardAt: Date.now() });
      if (hello) this.announce(false);
    });
    this.announce(true);
    this.timer = setInterval(() => {
      this.announce(false);
    }, this.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  isOnline(userId: string): boolean {
    return this.local.isOnline(userId) || this.onlineElsewhere(userId);
  }

  openCount(userId: string): number {
    return this.local.openCount(userId);
  }

  connected(userId: string): boolean {
    const firstHere = this.local.connected(userId);
    if (firstHere) this.announce(false);
    return firstHere && !this.onlineElsewhere(userId);
  }

  disconnected(userId: string): boolean {
    const lastHere = this.local.disconnected(userId);
    if (lastHere) this.announce(false);
    return lastHere && !this.onlineElsewhere(userId);
  }

  private onlineElsewhere(userId: string): boolean {
    const oldest = Date.now() - 3 * this.heartbeatMs;
    for (const [replicaId, replica] of this.others) {
      if (replica.heardAt < oldest) this.others.delete(replicaId);
      else if (replica.userIds.has(userId)) return true;
    }
    return false;
  }

  private announce(hello: boolean): void {
    this.io.serverSideEmit('presence', this.replicaId, this.local.onlineUsers(), hello);
  }
}
