// The relay's log: JSON lines on stderr ({"level":"info","time":…,"msg":…}),
// quiet by default (warnings and errors only). Callers may pass their own
// pino-compatible logger instead. Nothing secret is logged: no key seeds,
// no frame contents, only what an operator needs to see what happened.
import pino from 'pino';

export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'];
export const DEFAULT_LOG_LEVEL = 'warn';

const LOGGER_METHODS = ['error', 'warn', 'info', 'debug'];

/** Checked before anything is opened, so that a bad option leaks nothing. */
export function checkLogOptions(logLevel, logger) {
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    throw new RangeError(`createRelay: logLevel must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(logLevel)})`);
  }
  if (logger !== undefined && (logger === null || typeof logger !== 'object' || LOGGER_METHODS.some((name) => typeof logger[name] !== 'function'))) {
    throw new TypeError(`createRelay: logger must have the methods ${LOGGER_METHODS.join(', ')} (a pino logger does)`);
  }
}

/** `logger` when given, else JSON lines on stderr at `logLevel`. */
export function relayLogger({ logLevel = DEFAULT_LOG_LEVEL, logger } = {}) {
  if (logger) return logger;
  return pino(
    {
      level: logLevel,
      base: { name: 'mutual-store-relay' },
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
