import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Ack, SentMessage } from '../../contract/events.ts';
import type { MessageDto } from '../../contract/messages.ts';
import { connected, openSocket, type ClientSocket } from '../../test-support/sockets.ts';
import type { TargetReady } from './target-kinds.ts';

export interface RunResult {
  seconds: number;
  sent: number;
  acked: number;
  failed: number;
  sendsPerSecond: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  expectedDeliveries: number;
  deliveries: number;
  /** Deliveries that had not arrived 15 s after the run (lost, or late when the server was overloaded). */
  undelivered: number;
  duplicated: number;
  /** Acks still missing after the wait: the server could not keep up, so undelivered is not loss. */
  overloaded: boolean;
}

interface Sent {
  at: number;
  conversation: number;
}

/** Every member's socket, connected; one sender per conversation member chosen by `sendersPerConversation`. */
export class Swarm {
  private readonly sent = new Map<string, Sent>();
  private readonly seenBySocket: Set<string>[] = [];
  private latencies: number[] = [];
  private deliveries = 0;
  private duplicated = 0;
  private counting = true;
  private deliveriesInWindow = 0;

  private constructor(
    private readonly sockets: ClientSocket[][],
    private readonly conversationIds: string[],
  ) {
    sockets.flat().forEach((socket, index) => {
      const seen = new Set<string>();
      this.seenBySocket[index] = seen;
      socket.on('message:new', (message: MessageDto) => {
        const sent = this.sent.get(message.clientMessageId);
        if (sent === undefined) return;
        if (seen.has(message.clientMessageId)) {
          this.duplicated += 1;
          return;
        }
        seen.add(message.clientMessageId);
        this.deliveries += 1;
        if (this.counting) this.deliveriesInWindow += 1;
        this.latencies.push(performance.now() - sent.at);
      });
    });
  }

  static async connect(target: TargetReady): Promise<Swarm> {
    const sockets: ClientSocket[][] = [];
    for (const conversation of target.conversations) {
      // One conversation at a time: a burst of hundreds of handshakes would time some out.
      sockets.push(
        await Promise.all(
          conversation.members.map((member) =>
            // A busy server takes its time with hundreds of handshakes: a minute, not the default 20 s.
            connected(openSocket(target.url, '', { auth: member.auth, timeout: 60_000 })),
          ),
        ),
      );
    }
    return new Swarm(
      sockets,
      target.conversations.map((conversation) => conversation.id),
    );
  }

  close(): void {
    for (const socket of this.sockets.flat()) socket.close();
  }

  /** Senders: the first `perConversation` members of every conversation. */
  private senders(perConversation: number): { socket: ClientSocket; conversation: number }[] {
    return this.sockets.flatMap((members, conversation) =>
      members.slice(0, perConversation).map((socket) => ({ socket, conversation })),
    );
  }

  private send(sender: { socket: ClientSocket; conversation: number }, done: (ok: boolean) => void): void {
    const clientMessageId = randomUUID();
    this.sent.set(clientMessageId, { at: performance.now(), conversation: sender.conversation });
    sender.socket.emit(
      'message:send',
      {
        conversationId: this.conversationIds[sender.conversation],
        clientMessageId,
        content: `bench message ${this.sent.size}`,
        originalLanguage: 'en',
      },
      (reply: Ack<SentMessage>) => {
        done(reply.success);
      },
    );
  }

  /** Closed loop: every sender keeps `inFlight` sends outstanding for `seconds`. */
  async sustained(seconds: number, perConversation: number, inFlight: number): Promise<RunResult> {
    this.reset();
    const start = performance.now();
    const end = start + seconds * 1000;
    let acked = 0;
    let failed = 0;
    let outstanding = 0;
    const senders = this.senders(perConversation);
    await new Promise<void>((resolve) => {
      const next = (sender: (typeof senders)[number]) => {
        outstanding += 1;
        this.send(sender, (ok) => {
          outstanding -= 1;
          if (performance.now() <= end) {
            if (ok) acked += 1;
            else failed += 1;
            next(sender);
          } else if (outstanding === 0) resolve();
        });
      };
      for (const sender of senders) for (let i = 0; i < inFlight; i += 1) next(sender);
    });
    this.counting = false;
    return this.finish(seconds, acked, failed, false);
  }

  /** Open loop: `rate` messages a second spread over the senders, for `seconds`, acks not awaited. */
  async paced(seconds: number, perConversation: number, rate: number): Promise<RunResult> {
    this.reset();
    const senders = this.senders(perConversation);
    const start = performance.now();
    let issued = 0;
    let acked = 0;
    let failed = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = (performance.now() - start) / 1000;
        const due = Math.min(Math.floor(elapsed * rate), Math.round(seconds * rate));
        for (; issued < due; issued += 1) {
          const sender = senders[issued % senders.length];
          if (sender === undefined) break;
          this.send(sender, (ok) => {
            if (ok) acked += 1;
            else failed += 1;
          });
        }
        if (elapsed >= seconds) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    this.counting = false;
    const drained = await this.waitFor(() => acked + failed === issued);
    return this.finish(seconds, acked, failed, !drained);
  }

  private reset(): void {
    this.sent.clear();
    for (const seen of this.seenBySocket) seen.clear();
    this.latencies = [];
    this.deliveries = 0;
    this.duplicated = 0;
    this.deliveriesInWindow = 0;
    this.counting = true;
  }

  private expectedDeliveries(): number {
    let expected = 0;
    for (const { conversation } of this.sent.values()) expected += this.sockets[conversation]?.length ?? 0;
    return expected;
  }

  /** Waits for every delivery still on its way (bounded), then counts what is missing or doubled. */
  private async finish(
    seconds: number,
    acked: number,
    failed: number,
    overloaded: boolean,
  ): Promise<RunResult> {
    const expected = this.expectedDeliveries();
    await this.waitFor(() => this.deliveries >= expected);
    // A little longer, so that a duplicate arriving late is counted too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      seconds,
      sent: this.sent.size,
      acked,
      failed,
      sendsPerSecond: acked / seconds,
      deliveriesPerSecond: this.deliveriesInWindow / seconds,
      p50Ms: percentile(0.5),
      p99Ms: percentile(0.99),
      expectedDeliveries: expected,
      deliveries: this.deliveries,
      undelivered: expected - this.deliveries,
      duplicated: this.duplicated,
      overloaded,
    };
  }

  private async waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!condition() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return condition();
  }
}
