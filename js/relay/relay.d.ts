import type { Server } from 'node:http';
import type { StorageAdapter } from '../index.js';

export interface RelayLimits {
  /** Frames larger than this get an error reply. Default 1 MiB. */
  frameBytes?: number;
  /** Per connection. Default 200. */
  messagesPerSecond?: number;
  /** Default 1000. */
  connections?: number;
  /** TCP connections from one IP address, WebSocket or not yet; past it an upgrade is answered 429. Default 32. */
  connectionsPerAddress?: number;
  /** A WebSocket that sends no frame this long is closed (code 1001; clients reconnect). Default 300000 (5 min). */
  idleMs?: number;
  /** A TCP connection that is neither a WebSocket nor an HTTP request by then is cut. Default 10000. */
  handshakeMs?: number;
  /** Unsent bytes one client may leave waiting; past it the relay stops sending to it and drops it. Default 8 MiB. */
  socketBufferBytes?: number;
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
  /** Presence not repeated for this long (ms) is gone; clients repeat it every third of it. Default 30000. */
  presenceTimeoutMs?: number;
  /** Bytes of presence each client address may send per minute (each announcement counts its state plus 256). Default 64 KiB. */
  presenceBytesPerMinute?: number;
}

/** What a relay on 'fs:<dir>' storage does with a journal damaged before its end. */
export interface JournalOptions {
  /** Refuse to start (an error with code 'EJOURNALDAMAGED') and change nothing. Default false. */
  strict?: boolean;
  /** Told what was lost; without it the report goes to stderr. */
  onDamage?: (report: { message: string; file: string; aside: string; lost: { offset: number; length: number }[]; recovered: number }) => void;
}

/** What a clustered storage says of the cluster (Redis), for /readyz and /metrics. */
export interface ClusterHealth {
  /** Whether Redis answered just now. */
  reachable: boolean;
  /** Round trip of that answer, in milliseconds. */
  roundTripMs?: number;
  /** How old the newest shared-stream entry was when this relay read it, in milliseconds. */
  streamLagMs?: number;
  /** Why it is unreachable, for /readyz. */
  reason?: string;
}

/**
 * A storage adapter a relay can watch: `health()` says whether writes can be
 * made durable now (/readyz; the 'fs:' storage has one), `clusterHealth()`
 * how the cluster behind it is (/readyz and the Redis gauges of /metrics).
 * Each is asked at most once per request, and given 2 s to answer.
 */
export interface RelayStorageAdapter extends StorageAdapter {
  health?(): Promise<{ ready: boolean; reason?: string }>;
  clusterHealth?(): Promise<ClusterHealth>;
}

/** Log levels, least to most verbose. */
export type RelayLogLevel = 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** What the relay logs through: pino's loggers fit. */
export interface RelayLogger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface RelayOptions {
  port?: number;
  host?: string;
  /** Default 'memory'; 'fs:<dir>' keeps data across restarts. */
  storage?: 'memory' | `fs:${string}` | RelayStorageAdapter;
  limits?: RelayLimits;
  /** Attach to an existing HTTP server (e.g. one serving the web demo) instead of listening. */
  server?: Server;
  /** Other relays to dial and sync everything with; each must list this relay's key in its `peerKeys`. */
  peers?: string[];
  /** This relay's key (`createRelayKey().secret`); default: a fresh one for each start. */
  key?: string;
  /** Public keys of the relays allowed to sync everything with this one. Nobody else can. */
  peerKeys?: string[];
  journal?: JournalOptions;
  /**
   * JSON lines on stderr ({"level": "info", "time": …, "msg": …}) from this
   * level up: startup, shutdown, refused connections, storage errors.
   * Default 'warn': a normal session logs nothing.
   */
  logLevel?: RelayLogLevel;
  /** Log through this logger (e.g. a pino logger) instead; `logLevel` is then not used. */
  logger?: RelayLogger;
  /** A Redis URL ('redis://host:6379'): the graph lives there, shared by every relay given it (not with `storage`). */
  redis?: string;
}

/** What a relay knows of its storage, for readiness checks and metrics. */
export interface StorageHealth {
  storage: 'local' | 'redis';
  /** Storage (or Redis) answers. */
  reachable: boolean;
  /** Puts are being stored and acknowledged. */
  acceptingWrites: boolean;
  lastError: string;
  /** Redis only: the last PING's round trip, in ms. */
  roundTripMs?: number;
  /** Redis only: how old the newest stream entry was when this relay read it, in ms. */
  streamLagMs?: number;
  /** Redis only: stream entries read so far. */
  streamEntries?: number;
}

export interface Relay {
  url: string;
  /** This relay's public key, for other relays' `peerKeys`. */
  key: string;
  storageHealth(): StorageHealth;
  close(): Promise<void>;
}

/**
 * Resolves once listening. On its port, besides the WebSocket: GET /healthz
 * (200 while alive), GET /readyz (200, or 503 with {ready: false, reason}
 * when storage cannot take writes) and GET /metrics (Prometheus text format).
 * Rejects with an Error (its `code` the system's, e.g. 'EADDRINUSE') whose
 * message says what to try when it cannot listen.
 */
export function createRelay(options?: RelayOptions): Promise<Relay>;

/** A new relay key: `secret` for `createRelay({key})`, `publicKey` for other relays' `peerKeys`. */
export function createRelayKey(): { secret: string; publicKey: string };
