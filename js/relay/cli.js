// The command line: `mutual-store relay [options]` runs a relay that also
// serves the web demo, on one port (HTTP for the page, WebSocket for peers).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoServer } from './demo-server.js';
import { createRelay, createRelayKey, listenError, DEFAULT_LIMITS } from './relay.js';
import { LOG_LEVELS, DEFAULT_LOG_LEVEL } from './log.js';

const USAGE = `usage: mutual-store relay [--port 8765] [--host 127.0.0.1] [--data ./data] [--peer ws://host:port]... [--peer-key KEY]... [options]
  --port        port to listen on (0 picks a free one)
  --host        address to listen on
  --data        directory for the relay's data (kept across restarts)
  --redis       redis://host:6379: keep the graph in Redis, shared by every relay started with it
                (the relays are then stateless: run as many as you like behind a load balancer)
  --peer        another relay to stay in sync with (repeat for several); it must list this relay's key
  --peer-key    public key of a relay allowed to sync everything with this one (repeat for several)
  --key-file    this relay's key (default <data>/relay.key, made on first start; its public key is printed)
  --user-quota  bytes stored per user (default ${DEFAULT_LIMITS.userBytes}, 10 MiB)
  --public-quota  bytes stored in public souls, all together (default ${DEFAULT_LIMITS.publicBytes}, 128 MiB)
  --public-rate   bytes of public writes per client address per minute (default ${DEFAULT_LIMITS.publicBytesPerMinute}, 4 MiB)
  --connections-per-address  TCP connections from one IP address (default ${DEFAULT_LIMITS.connectionsPerAddress})
  --idle-ms     close a WebSocket that sends nothing this long (default ${DEFAULT_LIMITS.idleMs})
  --handshake-ms  cut a TCP connection that is no WebSocket or HTTP request by then (default ${DEFAULT_LIMITS.handshakeMs})
  --socket-buffer-bytes  unsent bytes a client may leave waiting before it is dropped (default ${DEFAULT_LIMITS.socketBufferBytes})
  --log-level   JSON-line logs on stderr from this level up: ${LOG_LEVELS.join(', ')} (default ${DEFAULT_LOG_LEVEL})
  --strict-journal  refuse to start when the journal is damaged before its end (by default the damaged
                file is kept aside, every intact record is recovered, and what was lost is printed)`;

// Flags that set a whole-number limit: flag → createRelay limit.
const LIMIT_FLAGS = {
  'user-quota': 'userBytes',
  'public-quota': 'publicBytes',
  'public-rate': 'publicBytesPerMinute',
  'connections-per-address': 'connectionsPerAddress',
  'idle-ms': 'idleMs',
  'handshake-ms': 'handshakeMs',
  'socket-buffer-bytes': 'socketBufferBytes',
};

// The relay's key seed: read from `path`, or made and kept there on first start.
async function relayKeySeed(path) {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const { secret } = createRelayKey();
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

export async function runCli(argv) {
  const [command, ...rest] = argv;
  if (command !== 'relay') {
    console.error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string', default: '8765' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string', default: 'data' },
        peer: { type: 'string', multiple: true, default: [] },
        'peer-key': { type: 'string', multiple: true, default: [] },
        'key-file': { type: 'string' },
        redis: { type: 'string' },
        ...Object.fromEntries(Object.keys(LIMIT_FLAGS).map((flag) => [flag, { type: 'string' }])),
        'strict-journal': { type: 'boolean', default: false },
        'log-level': { type: 'string', default: DEFAULT_LOG_LEVEL },
      },
    }));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);
    return 2;
  }
  if (!LOG_LEVELS.includes(values['log-level'])) {
    console.error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(values['log-level'])}`);
    return 2;
  }
  const limits = {};
  for (const [flag, name] of Object.entries(LIMIT_FLAGS)) {
    if (values[flag] === undefined) continue;
    const number = Number(values[flag]);
    if (!/^\d+$/.test(values[flag]) || !Number.isSafeInteger(number)) {
      console.error(`--${flag} must be a whole number, got ${JSON.stringify(values[flag])}`);
      return 2;
    }
    limits[name] = number;
  }
  let demo, relay;
  try {
    await mkdir(values.data, { recursive: true });
    const key = await relayKeySeed(values['key-file'] ?? join(values.data, 'relay.key'));
    demo = await startDemoServer({ port, host: values.host }).catch((error) => {
      throw listenError(error, values.host, port);
    });
    relay = await createRelay({ server: demo.server, host: values.host, ...(values.redis ? { redis: values.redis } : { storage: `fs:${values.data}` }), peers: values.peer, peerKeys: values['peer-key'], key, limits,
      journal: { strict: values['strict-journal'] }, logLevel: values['log-level'],
    });
  } catch (error) {
    // One line: what went wrong and what to try, no stack trace.
    console.error(`mutual-store relay: ${error.message.replace(/^createRelay: /, '')}`);
    await demo?.close();
    return 1;
  }
  console.log(`mutual-store demo: ${demo.url}`);
  console.log(`relay:             ${relay.url} (${values.redis ? `graph in Redis at ${values.redis}` : `data in ${values.data}/`})`);
  console.log(`relay key:         ${relay.key} (other relays list it with --peer-key to sync with this one)`);
  for (const url of values.peer) console.log(`peering with:      ${url}`);
  const stop = async () => {
    await relay.close();
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}
