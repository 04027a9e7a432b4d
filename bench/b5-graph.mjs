// B5: field writes into one peer's graph (unsigned, and signed in a user's
// space), then reads of every field, against `gun` in memory. Gun in memory
// never acknowledges writes (see gun-baseline.mjs), so writes are timed as
// throughput on both sides: all issued, then ours awaited until stored and
// gun's last one read back.
import { createPeer } from '../js/index.js';
import { createGun, gunOnce } from './gun-baseline.mjs';
import { format } from './stats.mjs';

async function timed(count, run) {
  const start = performance.now();
  await run();
  return ((performance.now() - start) * 1000) / count;
}

async function readEach(count, read) {
  return timed(count, async () => {
    for (let i = 0; i < count; i++) await read(i);
  });
}

export async function runB5({ writes = 100000, signedWrites = 20000, gunSignedWrites = 1000 } = {}) {
  const mismatches = [];
  const peer = createPeer({ storage: 'memory', passwordCost: 'test' });
  await peer.ready;
  const { gun } = await createGun();
  const ours = peer.get('bench');
  const theirs = gun.get('bench');

  const oursWrite = await timed(writes, () => Promise.all(Array.from({ length: writes }, (_, i) => ours.next(`k${i}`).put(i))));
  const gunWrite = await timed(writes, async () => {
    for (let i = 0; i < writes; i++) theirs.get(`k${i}`).put(i);
    await gunOnce(theirs.get(`k${writes - 1}`));
  });
  const oursRead = await readEach(writes, async (i) => {
    if ((await ours.next(`k${i}`).once()) !== i) mismatches.push(`B5: our read of k${i}`);
  });
  const gunRead = await readEach(writes, async (i) => {
    if ((await gunOnce(theirs.get(`k${i}`))) !== i) mismatches.push(`B5: gun read of k${i}`);
  });

  await peer.user().create('bench', 'pw');
  await peer.user().auth('bench', 'pw');
  const mine = peer.user().get('signed');
  const oursSigned = await timed(signedWrites, () => Promise.all(Array.from({ length: signedWrites }, (_, i) => mine.next(`k${i}`).put(i))));
  // Gun's user writes are SEA signatures (ECDSA P-256) over each value, put
  // into the graph. Its account creation needs a peer to answer alias
  // lookups, so the same work is timed directly: sign, then put.
  const SEA = gun.constructor.SEA;
  const pair = await SEA.pair();
  const signedNode = gun.get('signed');
  const gunSigned = await timed(gunSignedWrites, async () => {
    for (let i = 0; i < gunSignedWrites; i++) signedNode.get(`k${i}`).put(await SEA.sign(i, pair));
  });
  await peer.close();

  const row = (workload, oursUs, gunUs, required) => ({
    id: 'B5',
    workload,
    ours: format.us(oursUs),
    baseline: `${format.us(gunUs)} (gun)`,
    ratio: format.ratio(gunUs / oursUs),
    required,
    status: gunUs / oursUs >= 1 ? 'pass' : 'FAIL',
    values: { oursUs, gunUs, ratio: gunUs / oursUs },
  });
  return {
    rows: [
      row(`${writes.toLocaleString('en')} field writes into one node, per write`, oursWrite, gunWrite, '≥ 1x (goal 5x)'),
      row(`${writes.toLocaleString('en')} field reads, per read`, oursRead, gunRead, '≥ 1x (goal 5x)'),
      row(`signed writes in a user's space, per write (ours ${signedWrites.toLocaleString('en')}, gun ${gunSignedWrites.toLocaleString('en')})`, oursSigned, gunSigned, '≥ 1x'),
    ],
    mismatches,
  };
}
