// A relay in a child process (the real CLI), so a test can SIGKILL it the
// way a crash would, and start it again on the same port and data.
import { spawn } from 'node:child_process';

const cli = new URL('../../../bin/mutual-store.js', import.meta.url).pathname;

// The URL a CLI relay in `child` prints once it listens; rejects (with what
// it printed, and `more()`) if it exits first.
export function relayUrlOf(child, more = () => '') {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /relay:\s+(ws:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code} before it was ready: ${output} ${more()}`)));
  });
}

// `redis`: a Redis URL, for a relay of a cluster (its graph in Redis, `data` only holds its key).
export async function startRelayProcess({ port = 0, data, peers = [], redis }) {
  const args = [cli, 'relay', '--port', String(port), '--data', data, ...peers.flatMap((url) => ['--peer', url]), ...(redis ? ['--redis', redis] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await relayUrlOf(child);
  return {
    url,
    pid: child.pid,
    port: Number(new URL(url).port),
    kill() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(); // killed already
        child.once('exit', resolve);
        child.kill('SIGKILL');
      });
    },
    stop() {
      return new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    },
  };
}
