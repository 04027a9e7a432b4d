// Child process for the crash test: writes numbered entries to fs storage
// and prints "ack N" once each write has resolved (is durable). The parent
// kills it with SIGKILL at some point.
import '../../../js/node-platform.js'; // Node's parts, as the package's Node entry brings them ('fs:<dir>')
import { openStorage } from '../../../js/storage/index.js';

const [directory, startText] = process.argv.slice(2);
const storage = await openStorage(`fs:${directory}`);
for (let i = Number(startText); ; i++) {
  // Several concurrent writes per step, so group commits are exercised too.
  await Promise.all([0, 1, 2].map((j) => storage.write([[`k${i}.${j}`, `value ${i}.${j} \u0000\u001f ${'x'.repeat(i % 200)}`]])));
  process.stdout.write(`ack ${i}\n`);
}
