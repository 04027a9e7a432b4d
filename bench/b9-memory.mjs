// B9: memory per stored field with 1,000,000 fields. Ours: bytes allocated
// on the wasm heap (mallinfo) by the graph; gun: JS heap growth after a
// full garbage collection. Both hold the graph only (our storage adapter
// here keeps nothing). Run as its own process with --expose-gc; prints JSON.
import { core } from '../js/core.js';
import { createPeer } from '../js/index.js';
import { createGun, gunOnce } from './gun-baseline.mjs';

const FIELDS = Number(process.argv[2] ?? 1_000_000);
const PER_NODE = 1000;

function collect() {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed;
}

const discard = { load: async () => new Map(), write: async () => {}, close: async () => {} };
const peer = createPeer({ storage: discard });
await peer.ready;
const before = core.heapBytesInUse();
for (let n = 0; n < FIELDS / PER_NODE; n++) {
  const fields = {};
  for (let i = 0; i < PER_NODE; i++) fields[`field${i}`] = n * PER_NODE + i;
  await peer.get(`node${n}`).put(fields);
}
const oursBytes = (core.heapBytesInUse() - before) / FIELDS;
const check = await peer.get(`node${FIELDS / PER_NODE - 1}`).next(`field${PER_NODE - 1}`).once();
await peer.close();

const { gun } = await createGun();
const gunBefore = collect();
for (let n = 0; n < FIELDS / PER_NODE; n++) {
  const fields = {};
  for (let i = 0; i < PER_NODE; i++) fields[`field${i}`] = n * PER_NODE + i;
  gun.get(`node${n}`).put(fields);
}
const gunCheck = await gunOnce(gun.get(`node${FIELDS / PER_NODE - 1}`).get(`field${PER_NODE - 1}`));
const gunBytes = (collect() - gunBefore) / FIELDS;

console.log(JSON.stringify({ fields: FIELDS, oursBytes, gunBytes, identical: check === FIELDS - 1 && gunCheck === FIELDS - 1 }));
process.exit(0);
