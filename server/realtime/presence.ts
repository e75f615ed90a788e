import type { PresenceReader } from '../domain/realtime-publisher.ts';

/** Who is online: a user is online while at least one of their sockets is open. */
export class PresenceTracker implements PresenceReader {
  private readonly openSockets = new Map<string, number>();

  isOnline(userId: string): boolean {
    return (this.openSockets.get(userId) ?? 0) > 0;
  }

  /** Returns true when this is the user's first open socket (they just came online). */
  /** Sockets this user has open on this server right now. */
  openCount(userId: string): number {
    return this.openSockets.get(userId) ?? 0;
  }

  connected(userId: string): boolean {
    const count = (this.openSockets.get(userId) ?? 0) + 1;
    this.openSockets.set(userId, count);
    return count === 1;
  }

  /** Returns true when this was the user's last open socket (they just went offline). */
  disconnected(userId: string): boolean {
    const count = (this.openSockets.get(userId) ?? 1) - 1;
    if (count <= 0) {
      this.openSockets.delete(userId);
      return true;
    }
    this.openSockets.set(userId, count);
    return false;
  }
}
