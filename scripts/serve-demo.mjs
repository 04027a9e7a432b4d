// `npm start`: the web demo and a relay on one port (HTTP for the page,
// WebSocket for peers), with file storage in ./data by default.
// Options: --port N (default 8765), --host H, --data DIR.
import { parseArgs } from 'node:util';
import { startDemoServer } from './demo-server.mjs';
import { createRelay } from '../js/relay/relay.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8765' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: 'data' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}
const demo = await startDemoServer({ port, host: values.host });
const relay = await createRelay({ server: demo.server, host: values.host, storage: `fs:${values.data}` });
console.log(`mutual-store demo: ${demo.url}`);
console.log(`relay:             ${relay.url} (data in ${values.data}/)  (Ctrl+C to stop)`);
