// B6's (and B11's) relay process: `node bench/b6-relay-server.mjs
// ours|fs|redis <url>|gun` starts one
// relay on 127.0.0.1 (a port the OS picks), prints {"url": …} as one line
// on stdout, and exits when its stdin closes (so it also goes away when the
// load generator that started it dies).
//
// ours: createRelay from js/relay/relay.js, memory storage. Its per-connection
//   rate limit (200 frames/s by default), connection caps and budget of public
//   writes per address are raised: the benchmark's clients (all on one
//   address) send faster than an app would.
// fs: the same on file storage in a temporary directory (removed on exit).
// redis: the same with its graph in Redis at <url> (B11's cluster).
// gun: the npm `gun` server on a plain HTTP server, in memory only (no file,
//   no radisk, no AXE, no multicast, no stats file).
import http from 'node:http';

// stdout carries only the url line; gun's greeting and any logging go to stderr.
const write = process.stdout.write.bind(process.stdout);
console.log = (...args) => console.error(...args);

const kind = process.argv[2];
let url;
let close = async () => {};

if (kind === 'ours' || kind === 'fs' || kind === 'redis') {
  const { createRelay } = await import('../js/relay/relay.js');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = kind === 'fs' ? await mkdtemp(join(tmpdir(), 'ms-bench-fs-')) : undefined;
  const relay = await createRelay({
    port: 0,
    host: '127.0.0.1',
    ...(kind === 'redis' ? { redis: process.argv[3] } : { storage: dir ? `fs:${dir}` : 'memory' }),
    limits: { messagesPerSecond: 1e9, connections: 100000, connectionsPerAddress: 100000, publicBytesPerMinute: Infinity, publicBytes: Infinity },
  });
  url = relay.url;
  close = async () => {
    await relay.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
} else if (kind === 'gun') {
  const { default: Gun } = await import('gun');
  const server = http.createServer((request, response) => response.writeHead(404).end());
  Gun({ web: server, file: false, radisk: false, localStorage: false, axe: false, multicast: false, stats: false });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${server.address().port}/gun`;
} else {
  console.error('usage: node bench/b6-relay-server.mjs ours|fs|redis <url>|gun');
  process.exit(2);
}

write(`${JSON.stringify({ url })}\n`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  // Bounded: a relay that does not close within a second is left behind by exit.
  await Promise.race([close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1000))]);
  process.exit(0); // a normal exit, so that --cpu-prof writes its profile
}
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
