// The command line: `mutual-store relay [options]` runs a relay that also
// serves the web demo, on one port (HTTP for the page, WebSocket for peers).
import { parseArgs } from 'node:util';
import { startDemoServer } from './demo-server.js';
import { createRelay } from './relay.js';

const USAGE = `usage: mutual-store relay [--port 8765] [--host 127.0.0.1] [--data ./data] [--peer ws://host:port]... [--user-quota 10485760]
                          [--public-quota 134217728] [--public-rate 4194304] [--strict-journal]
  --port            port to listen on (0 picks a free one)
  --host            address to listen on
  --data            directory for the relay's data (kept across restarts)
  --peer            another relay to stay in sync with (repeat for several)
  --user-quota      bytes stored per user (default 10485760, 10 MiB)
  --public-quota    bytes stored in public souls, all together (default 134217728, 128 MiB)
  --public-rate     bytes of public writes per client address per minute (default 4194304, 4 MiB)
  --strict-journal  refuse to start when the journal is damaged before its end
                    (by default the damaged file is kept aside, every intact record
                    is recovered, and what was lost is printed to stderr)`;

// Byte-count options: their limits key and flag.
const BYTE_OPTIONS = [['userBytes', 'user-quota'], ['publicBytes', 'public-quota'], ['publicBytesPerMinute', 'public-rate']];

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
        'user-quota': { type: 'string' },
        'public-quota': { type: 'string' },
        'public-rate': { type: 'string' },
        'strict-journal': { type: 'boolean', default: false },
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
  const limits = {};
  for (const [key, flag] of BYTE_OPTIONS) {
    if (values[flag] === undefined) continue;
    const bytes = Number(values[flag]);
    if (!/^\d+$/.test(values[flag]) || !Number.isSafeInteger(bytes)) {
      console.error(`--${flag} must be a whole number of bytes, got ${JSON.stringify(values[flag])}`);
      return 2;
    }
    limits[key] = bytes;
  }
  const demo = await startDemoServer({ port, host: values.host });
  let relay;
  try {
    relay = await createRelay({
      server: demo.server, host: values.host, storage: `fs:${values.data}`, peers: values.peer, limits,
      journal: { strict: values['strict-journal'] },
    });
  } catch (error) {
    await demo.close();
    if (error.code !== 'EJOURNALDAMAGED') throw error;
    console.error(`mutual-store: ${error.message}`);
    return 1;
  }
  console.log(`mutual-store demo: ${demo.url}`);
  console.log(`relay:             ${relay.url} (data in ${values.data}/)`);
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
