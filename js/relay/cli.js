// The command line: `mutual-store relay [options]` runs a relay that also
// serves the web demo, on one port (HTTP for the page, WebSocket for peers).
import { parseArgs } from 'node:util';
import { startDemoServer } from './demo-server.js';
import { createRelay } from './relay.js';

const USAGE = `usage: mutual-store relay [--port 8765] [--host 127.0.0.1] [--data ./data] [--peer ws://host:port]... [--user-quota 10485760]
  --port        port to listen on (0 picks a free one)
  --host        address to listen on
  --data        directory for the relay's data (kept across restarts)
  --peer        another relay to stay in sync with (repeat for several)
  --user-quota  bytes stored per user (default 10485760, 10 MiB)`;

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
  if (values['user-quota'] !== undefined) {
    const userBytes = Number(values['user-quota']);
    if (!/^\d+$/.test(values['user-quota']) || !Number.isSafeInteger(userBytes)) {
      console.error(`--user-quota must be a whole number of bytes, got ${JSON.stringify(values['user-quota'])}`);
      return 2;
    }
    limits.userBytes = userBytes;
  }
  const demo = await startDemoServer({ port, host: values.host });
  const relay = await createRelay({ server: demo.server, host: values.host, storage: `fs:${values.data}`, peers: values.peer, limits });
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
