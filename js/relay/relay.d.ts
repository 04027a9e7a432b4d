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
   * each counted once as the JSON size of its name plus its value. A put
   * that would take a user past it is refused whole, with an error reply
   * naming the quota. Data loaded from storage counts. Default 10 MiB
   * (10485760); `Infinity` for no limit.
   */
  userBytes?: number;
}

export interface RelayOptions {
  port?: number;
  host?: string;
  /** Default 'memory'; 'fs:<dir>' keeps data across restarts. */
  storage?: 'memory' | `fs:${string}` | StorageAdapter;
  limits?: RelayLimits;
  /** Attach to an existing HTTP server (e.g. one serving the web demo) instead of listening. */
  server?: Server;
}

export function createRelay(options?: RelayOptions): Promise<{ url: string; close(): Promise<void> }>;
