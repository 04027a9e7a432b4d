// `npm start`: serves the web demo. Options: --port N (default 8765), --host H.
import { parseArgs } from 'node:util';
import { startDemoServer } from './demo-server.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8765' }, host: { type: 'string', default: '127.0.0.1' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}
const { url } = await startDemoServer({ port, host: values.host });
console.log(`mutual-store demo: ${url}  (Ctrl+C to stop)`);
