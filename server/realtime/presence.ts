import type { PresenceReader } from '../domain/realtime-publisher.ts';

/** What the socket server tells presence, and learns from it: when to announce a user on or offline. */
export interface PresenceCounter extends PresenceReader {
  /** Returns true when the user just came online (their first open socket anywhere). */
  connected(userId: string): boolean;
  /** Returns true when the user just went offline (their last open socket anywhere). */
  disconnected(userId: string): boolean;
  /** Sockets this user has open on this server (the per-user cap is per server). */
  openCount(userId: string): number;
}

/** Who is online on this server: a user is online while at least one of their sockets is open. */
export class PresenceTracker implements PresenceCounter {
  private readonly openSockets = new Map<string, number>();

  isOnline(userId: string): boolean {
    return (this.openSockets.get(userId) ?? 0) > 0;
  }

  /** The users with an open socket here. */
  onlineUsers(): string[] {
    return [...this.openSockets.keys()];
  }

  /** Sockets this user has open on this server right now. */
  openCount(userId: string): number {
    return this.openSockets.get(userId) ?? 0;
  }

  /** Returns true when this is the user's first open socket (they just came online). */
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
