// A redis-server of the test's own (never the system service): loopback
// only, a free port, a temporary directory, no RDB snapshots, the AOF on and
// fsynced before every reply (appendfsync always), so a write Redis answered
// survives kill -9. `kill()` is such a crash; `start()` brings it back on
// the same port and directory (it replays the AOF).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

// redis-server takes no --port 0: ask the kernel for a free port, then let it go.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startRedisServer() {
  const dir = await mkdtemp(join(tmpdir(), 'ms-redis-'));
  const port = await freePort();
  let child;

  async function start() {
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise((resolve, reject) => {
      const onData = (chunk) => {
        output += chunk;
        if (/Ready to accept connections/.test(output)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready: ${output}`)));
    });
  }
  const exited = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', resolve);
  });

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child.pid;
    },
    start,
    /** A crash: SIGKILL, nothing flushed beyond what Redis already fsynced. */
    async kill() {
      const gone = exited();
      child.kill('SIGKILL');
      await gone;
    },
    async stop() {
      const gone = exited();
      child.kill('SIGKILL');
      await gone;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
