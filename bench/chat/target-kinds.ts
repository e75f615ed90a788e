/** The servers bench/chat.ts drives with the same clients. */
export const TARGET_KINDS = ['bare', 'bare-sqlite', 'chat', 'chat-translator-refusing'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** How many conversations of how many members each; every member holds one socket. */
export interface Shape {
  name: string;
  conversations: number;
  members: number;
}

/** What a target process prints once it listens, after the `BENCH-TARGET ` prefix. */
export interface TargetReady {
  url: string;
  /** Per conversation: its id and, per member, the handshake `auth` its socket connects with. */
  conversations: { id: string; members: { auth: Record<string, unknown> }[] }[];
}

/** A target serving: what it prints when ready, and how it stops on SIGTERM. */
export interface RunningTarget {
  ready: TargetReady;
  stop: () => Promise<void>;
}

export const READY_PREFIX = 'BENCH-TARGET ';

/**
 * What bench/chat.ts asks a target over IPC: profile its CPU from now, or stop and write the profile to
 * `file`; or the CPU time its process has used so far (answered as a TargetCpu).
 */
export type TargetRequest = { profile: 'start' } | { profile: 'stop'; file: string } | { cpu: true };

/** The CPU time (user and system, all threads) a target's process has used since it started. */
export interface TargetCpu {
  cpuMicros: number;
  /**
   * The same for its main thread alone (the event loop, whose one core bounds a chat server's rate; its
   * worker threads run beside it), where the system tells it (Linux), in clock ticks of 10 ms.
   */
  mainThreadCpuMicros?: number;
}
