import type { Server } from 'node:http';
import type { StorageAdapter } from '../index.js';

export interface RelayLimits {
  /** Frames larger than this get an error reply. Default 1 MiB. */
  frameBytes?: number;
  /** Per connection. Default 200. */
  messagesPerSecond?: number;
  /** Default 1000. */
  connections?: number;
  /**
   * Bytes the relay stores per user: the fields of `~<pub>` and `~<pub>/…`,
   * each counted once as the JSON size of its soul, its name and its value. A put
   * that would take a user past it is refused whole, with an error reply
   * naming the quota. Data loaded from storage counts. Default 10 MiB
   * (10485760); `Infinity` for no limit.
   */
  userBytes?: number;
  /** Bytes stored in public souls and alias lists, all together, counted the same way. Default 128 MiB. */
  publicBytes?: number;
  /** Bytes of public writes each client address may send per minute. Default 4 MiB. */
  publicBytesPerMinute?: number;
}

/** What a relay on 'fs:<dir>' storage does with a journal damaged before its end. */
export interface JournalOptions {
  /** Refuse to start (an error with code 'EJOURNALDAMAGED') and change nothing. Default false. */
  strict?: boolean;
  /** Told what was lost; without it the report goes to stderr. */
  onDamage?: (report: { message: string; file: string; aside: string; lost: { offset: number; length: number }[]; recovered: number }) => void;
}

export interface RelayOptions {
  port?: number;
  host?: string;
  /** Default 'memory'; 'fs:<dir>' keeps data across restarts. */
  storage?: 'memory' | `fs:${string}` | StorageAdapter;
  limits?: RelayLimits;
  /** Attach to an existing HTTP server (e.g. one serving the web demo) instead of listening. */
  server?: Server;
  /** Other relays to stay in sync with. */
  peers?: string[];
  journal?: JournalOptions;
}

export function createRelay(options?: RelayOptions): Promise<{ url: string; close(): Promise<void> }>;
