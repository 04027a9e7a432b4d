// B6: a relay under many WebSocket clients on loopback, against a `gun`
// relay (npm `gun` server) under the same load.
//
// Setup. Each relay runs in a child process of its own (b6-relay-server.mjs),
// so the load generator (this process) and the relay do not share an event
// loop; on a 2-core machine that is one core each. A fresh relay process is
// started for every run and stopped after it. Our relay's rate limit and
// connection cap are raised for the benchmark (see b6-relay-server.mjs).
//
// Clients. Raw `ws` clients in this process, the same code for both relays:
// both speak the same JSON on the wire. A get is {"#": id, "get": {"#": soul}};
// a put is {"#": id, "put": {soul: {"_": {"#": soul, ">": {field: state}},
// field: value}}} with state = Date.now(). Frames that are JSON arrays (gun
// batches) are read message by message. Message ids end in "." because gun
// names the internal messages of a put "<its id><counter>" and then ignores
// any later message whose id is one of those: with plain sequential ids
// ("p1", later "p10") gun silently dropped every tenth put.
//
// Workload (seeded, the same for both relays). 100 souls; each client follows
// 10 of them; 20,000 puts, put i sent by client i mod clients to a soul that
// has at least one other follower. Each put writes one new field, "m<i>"
// (value i), so every put changes the graph and is forwarded, and a receiver
// knows from the field which put it got. The expected deliveries of a put are
// the soul's followers other than its sender.
//
// Pacing (closed loop). Each client keeps at most WINDOW = 1 put in flight: it
// sends its next put once every expected delivery of the previous one has
// arrived (seen here, not through the relay's acks: in-memory gun sends
// none), or once that put is abandoned after TIMEOUT_MS (its missing
// deliveries then count as lost unless they arrive later, "late"). So both
// relays always have the same bounded number of puts outstanding (one per
// client) and are measured at the rate they sustain, not by how fast a queue
// can be filled. With this pacing, latency ≈ clients / throughput (Little's
// law). A larger window (2, 4, 8 tried) gave gun no more throughput and both
// relays longer latencies. A measured run stops after CAP_MS even if not all
// 20,000 puts are through (rates are then over the puts completed; the row
// says so); this keeps B6 near two minutes on a 2-core machine.
//
// Figures. Throughput = puts fully delivered per second, from the first
// measured send to the last completed delivery. Latency = put→notify, from
// just before the sender's ws.send to the receiver's message handler, one
// sample per delivery; p50 and p99 per run. Each run starts with a warm-up of
// WARMUP puts (fields "w<i>") that is not measured. Repetitions alternate
// which relay goes first; the medians over repetitions are reported, and the
// ratio is the median of the per-repetition ratios (ours / gun throughput).
// Timing never fails: only wrong deliveries by our relay (lost, duplicated,
// sent to a client that did not follow the soul, error replies, gets left
// unanswered) are mismatches. Gun's losses are reported in its row.
//
// Gun, as configured here (no AXE), forwards every put and every get to every
// connected peer, whether it follows the soul or not; those frames are counted
// as "unrequested" and cost this process their parsing as well.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { format, median } from './stats.mjs';
import { printAlone, optionValue } from './report.mjs';

const SERVER = new URL('./b6-relay-server.mjs', import.meta.url).pathname;
const SOULS = 100;
export const FOLLOWS = 10;
const WINDOW = 1;
const TIMEOUT_MS = 2000;
const CAP_MS = 7000;
const WARMUP = 1000;
const WARMUP_CAP_MS = 3000;

// --- relay processes -------------------------------------------------------

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

// `kind`: ours, fs, redis (with `redis`: its URL) or gun (b6-relay-server.mjs).
export async function startRelay(kind, { profileDir, redis } = {}) {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...flags, SERVER, kind, ...(redis ? [redis] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.stdin.on('error', () => {}); // a child that is already gone
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 10000) stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    children.delete(child);
  };
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`B6: the ${kind} relay did not start within 30 s\n${stderr}`)), 30000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const end = out.indexOf('\n');
        if (end >= 0) {
          clearTimeout(timer);
          resolve(JSON.parse(out.slice(0, end)).url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`B6: the ${kind} relay exited (${code}) before starting\n${stderr}`));
      });
    });
    return { url, stop, pid: child.pid };
  } catch (error) {
    await stop();
    throw error;
  }
}

// --- the workload ----------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makePlan({ clients, puts, seed }) {
  const random = mulberry32(seed);
  const souls = Array.from({ length: SOULS }, (_, s) => `b6-soul-${s}`);
  const soulIndex = new Map(souls.map((name, s) => [name, s]));
  const follows = []; // client → soul indices
  const follower = []; // client → Uint8Array over souls
  const followers = Array.from({ length: SOULS }, () => []);
  for (let c = 0; c < clients; c++) {
    const pool = souls.map((_, s) => s);
    for (let j = 0; j < FOLLOWS; j++) {
      const k = j + Math.floor(random() * (SOULS - j));
      [pool[j], pool[k]] = [pool[k], pool[j]];
    }
    follows.push(pool.slice(0, FOLLOWS));
    follower.push(new Uint8Array(SOULS));
    for (const s of follows[c]) {
      follower[c][s] = 1;
      followers[s].push(c);
    }
  }
  const putSoul = new Int32Array(puts);
  const putExpected = new Int32Array(puts);
  let expectedTotal = 0;
  for (let i = 0; i < puts; i++) {
    const sender = i % clients;
    let s = -1;
    for (let tries = 0; tries < 10000 && s < 0; tries++) {
      const candidate = Math.floor(random() * SOULS);
      if (followers[candidate].length - follower[sender][candidate] > 0) s = candidate;
    }
    if (s < 0) throw new Error('B6: no soul with a follower other than the sender');
    putSoul[i] = s;
    putExpected[i] = followers[s].length - follower[sender][s];
    expectedTotal += putExpected[i];
  }
  return { clients, puts, souls, soulIndex, follows, follower, putSoul, putExpected, expectedTotal };
}

function putFrame(id, soul, field, value) {
  return JSON.stringify({ '#': id, put: { [soul]: { _: { '#': soul, '>': { [field]: Date.now() } }, [field]: value } } });
}

// CPU seconds a process has used so far (Linux /proc; NaN elsewhere), to see
// which side of the loopback is the busy one. 100 ticks per second is what
// Linux reports to user space on common configurations.
export function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function percentile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

// --- one run: connect, follow, warm up, measure ----------------------------

// `relay`: {url, pid}, or several relays sharing one graph, {urls, pids}:
// client c then connects to urls[c mod n], and the CPU counted is theirs together.
export async function runOnce(kind, relay, plan) {
  const urls = relay.urls ?? [relay.url];
  const pids = relay.pids ?? [relay.pid];
  const relayCpuNow = () => pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const { clients } = plan;
  const counts = { getReplies: 0, acks: 0, errors: [], unrequested: 0, stale: 0, badFrames: 0 };
  let lastFrameAt = performance.now();
  let phase = null;

  function onField(c, soulName, key) {
    if (!phase || key[0] !== phase.prefix) {
      counts.stale++; // a warm-up field arriving late, or a field of gun's node answers
      return;
    }
    const i = Number(key.slice(1));
    const s = plan.soulIndex.get(soulName);
    if (!(Number.isInteger(i) && i >= 0 && i < phase.count) || s !== plan.putSoul[i] || !plan.follower[c][s] || c === i % clients) {
      counts.unrequested++;
      return;
    }
    const now = performance.now();
    if (phase.got[c][i]) {
      phase.duplicates++;
      return;
    }
    phase.got[c][i] = 1;
    if (phase.state[i] !== 1) {
      phase.late++;
      return;
    }
    phase.latencies[phase.deliveries++] = now - phase.sentAt[i];
    if (--phase.remaining[i] === 0) {
      phase.state[i] = 2;
      phase.completed++;
      phase.lastDoneAt = now;
      phase.release(i);
    }
  }

  function onFrame(c, data) {
    lastFrameAt = performance.now();
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      counts.badFrames++;
      return;
    }
    for (const message of Array.isArray(frame) ? frame : [frame]) {
      if (!message || typeof message !== 'object') continue;
      if (message.err) counts.errors.push(String(message.err));
      if (typeof message['@'] === 'string') {
        if (message['@'].startsWith('g')) counts.getReplies++;
        else if (message.ok) counts.acks++;
      }
      const put = message.put;
      if (!put || typeof put !== 'object' || message['@']) continue; // answers to gets carry no new puts here
      for (const soulName of Object.keys(put)) {
        const node = put[soulName];
        if (!node || typeof node !== 'object') continue;
        for (const key of Object.keys(node)) if (key !== '_') onField(c, soulName, key);
      }
    }
  }

  const sockets = await Promise.all(
    Array.from({ length: clients }, (_, c) => new Promise((resolve, reject) => {
      const socket = new WebSocket(urls[c % urls.length], { perMessageDeflate: false });
      socket.on('message', (data) => onFrame(c, data));
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    })),
  );

  // Waits until no frame has arrived for `quietMs` (at least `quietMs`, at most `capMs`).
  async function quiet(quietMs, capMs) {
    const start = performance.now();
    lastFrameAt = Math.max(lastFrameAt, start);
    while (performance.now() - start < capMs && performance.now() - lastFrameAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function drive(prefix, count, capMs) {
    const p = {
      prefix,
      count,
      sentAt: new Float64Array(count),
      remaining: Int32Array.from(plan.putExpected.subarray(0, count)),
      state: new Uint8Array(count), // 0 unsent, 1 in flight, 2 delivered, 3 abandoned
      got: Array.from({ length: clients }, () => new Uint8Array(count)),
      latencies: new Float64Array(plan.putExpected.subarray(0, count).reduce((sum, n) => sum + n, 0)),
      deliveries: 0,
      completed: 0,
      abandoned: 0,
      unsent: 0,
      lost: 0,
      late: 0,
      duplicates: 0,
      firstSentAt: 0,
      lastDoneAt: 0,
      inFlight: new Int32Array(clients),
      next: Int32Array.from({ length: clients }, (_, c) => c), // next put index of client c (step: clients)
      open: new Set(),
    };
    phase = p;
    const send = (c) => {
      while (!p.stopped && p.inFlight[c] < WINDOW && p.next[c] < count) {
        const i = p.next[c];
        p.next[c] += clients;
        p.inFlight[c]++;
        p.state[i] = 1;
        p.open.add(i);
        p.sentAt[i] = performance.now();
        sockets[c].send(putFrame(`p${prefix}${i}.`, plan.souls[plan.putSoul[i]], `${prefix}${i}`, i));
      }
    };
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    const settled = () => p.completed + p.abandoned === count;
    p.release = (i) => {
      p.open.delete(i);
      const c = i % clients;
      p.inFlight[c]--;
      if (settled()) finish();
      else send(c);
    };
    const abandon = (i) => {
      p.state[i] = 3;
      p.abandoned++;
      p.lost += p.remaining[i];
    };
    const sweeper = setInterval(() => {
      const now = performance.now();
      for (const i of [...p.open]) {
        if (now - p.sentAt[i] > TIMEOUT_MS) {
          abandon(i);
          p.release(i);
        }
      }
    }, 100);
    const cap = setTimeout(() => {
      p.stopped = true;
      for (const i of [...p.open]) abandon(i);
      for (let i = 0; i < count; i++) if (p.state[i] === 0) p.unsent++;
      p.capped = true;
      finish();
    }, capMs);
    p.firstSentAt = performance.now();
    for (let c = 0; c < clients; c++) send(c);
    return done.then(() => {
      p.stopped = true;
      clearInterval(sweeper);
      clearTimeout(cap);
      return p;
    });
  }

  try {
    for (let c = 0; c < clients; c++) {
      plan.follows[c].forEach((s, j) => sockets[c].send(JSON.stringify({ '#': `g${c}-${j}.`, get: { '#': plan.souls[s] } })));
    }
    await quiet(300, 20000);
    const getReplies = counts.getReplies;
    await drive('w', Math.min(WARMUP, plan.puts), WARMUP_CAP_MS);
    await quiet(200, 5000);
    const relayCpuBefore = relayCpuNow();
    const ownCpuBefore = process.cpuUsage();
    const measured = await drive('m', plan.puts, CAP_MS);
    const relayCpu = relayCpuNow() - relayCpuBefore;
    const ownCpu = process.cpuUsage(ownCpuBefore);
    await quiet(200, 3000); // late deliveries and duplicates still get counted
    phase = null;
    const elapsed = (measured.lastDoneAt - measured.firstSentAt) / 1000;
    const sorted = measured.latencies.slice(0, measured.deliveries).sort();
    return {
      kind,
      putsPerSecond: measured.completed / elapsed,
      deliveriesPerSecond: measured.deliveries / elapsed,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      seconds: elapsed,
      completed: measured.completed,
      deliveries: measured.deliveries,
      expected: plan.expectedTotal,
      lost: measured.lost - measured.late, // abandoned deliveries that never came
      late: measured.late,
      duplicates: measured.duplicates,
      unsent: measured.unsent,
      capped: Boolean(measured.capped),
      relayCpuSeconds: relayCpu,
      loadCpuSeconds: (ownCpu.user + ownCpu.system) / 1e6,
      getReplies,
      errors: counts.errors,
      unrequested: counts.unrequested,
    };
  } finally {
    phase = null;
    for (const socket of sockets) socket.terminate();
  }
}

// --- the benchmark ---------------------------------------------------------

export async function runB6({ clientCounts = [50, 200], puts = 20000, repeat = 3, profileDir, log = () => {} } = {}) {
  const rows = [];
  const mismatches = [];
  try {
    for (const clients of clientCounts) {
      const plan = makePlan({ clients, puts, seed: 6000 + clients });
      const runs = { ours: [], gun: [] };
      for (let r = 0; r < repeat; r++) {
        for (const kind of r % 2 ? ['gun', 'ours'] : ['ours', 'gun']) {
          const relay = await startRelay(kind, { profileDir: kind === 'ours' ? profileDir : undefined });
          let result;
          try {
            result = await runOnce(kind, relay, plan);
          } finally {
            await relay.stop();
          }
          runs[kind].push(result);
          log(`B6 ${clients} clients, run ${r + 1}, ${kind}: ${result.putsPerSecond.toFixed(0)} puts/s, ${result.deliveriesPerSecond.toFixed(0)} deliveries/s, `
            + `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.seconds.toFixed(2)} s, `
            + `cpu relay ${result.relayCpuSeconds.toFixed(2)} s, load ${result.loadCpuSeconds.toFixed(2)} s, `
            + `lost ${result.lost}, late ${result.late}, dup ${result.duplicates}, unrequested ${result.unrequested}`
            + `${result.capped ? `, capped after ${result.completed} puts` : ''}`);
        }
      }
      for (const [r, result] of runs.ours.entries()) {
        const where = `B6 (${clients} clients, run ${r + 1})`;
        if (result.getReplies !== clients * FOLLOWS) mismatches.push(`${where}: ${result.getReplies} of ${clients * FOLLOWS} gets answered`);
        if (result.lost) mismatches.push(`${where}: ${result.lost} deliveries lost`);
        if (result.duplicates) mismatches.push(`${where}: ${result.duplicates} duplicate deliveries`);
        if (result.unrequested) mismatches.push(`${where}: ${result.unrequested} puts sent to clients that did not follow the soul`);
        if (result.errors.length) mismatches.push(`${where}: ${result.errors.length} error replies, first: ${result.errors[0]}`);
      }
      const summary = (list) => ({
        putsPerSecond: median(list.map((x) => x.putsPerSecond)),
        deliveriesPerSecond: median(list.map((x) => x.deliveriesPerSecond)),
        p50Ms: median(list.map((x) => x.p50Ms)),
        p99Ms: median(list.map((x) => x.p99Ms)),
        expectedDeliveries: plan.expectedTotal,
        lost: list.map((x) => x.lost),
        late: list.map((x) => x.late),
        duplicates: list.map((x) => x.duplicates),
        unrequested: list.map((x) => x.unrequested),
        runs: list.map(({ errors, ...rest }) => ({ ...rest, errors: errors.length })),
      });
      const ours = summary(runs.ours);
      const gun = summary(runs.gun);
      const ratio = median(runs.ours.map((x, r) => x.putsPerSecond / runs.gun[r].putsPerSecond));
      const capped = (list) => {
        const stopped = list.filter((x) => x.capped);
        return stopped.length ? `; ${stopped.length} of ${list.length} runs stopped at the ${CAP_MS / 1000} s cap, after ${median(stopped.map((x) => x.completed)).toLocaleString('en')} puts` : '';
      };
      const figures = (x) => `${Math.round(x.putsPerSecond).toLocaleString('en')} puts/s (p50 ${format.ms(x.p50Ms)}, p99 ${format.ms(x.p99Ms)})`;
      const gunLost = runs.gun.reduce((sum, x) => sum + x.lost, 0);
      rows.push({
        id: 'B6',
        workload: `relay: ${clients} WebSocket clients each following ${FOLLOWS} of ${SOULS} souls, ${puts.toLocaleString('en')} puts `
          + `(${plan.expectedTotal.toLocaleString('en')} deliveries), ≤ ${WINDOW} in flight per client; puts fully delivered per second, put→notify latency`,
        ours: `${figures(ours)}${capped(runs.ours)}`,
        baseline: `${figures(gun)} (gun${gunLost ? `, lost ${gunLost.toLocaleString('en')} deliveries in ${repeat} runs` : ''}${capped(runs.gun)})`,
        ratio: format.ratio(ratio),
        required: '≥ 1x (goal ≥ 3x, p99 ≤ 20 ms)',
        status: ratio >= 1 ? 'pass' : 'FAIL',
        values: { clients, souls: SOULS, follows: FOLLOWS, puts, window: WINDOW, timeoutMs: TIMEOUT_MS, capMs: CAP_MS, warmup: WARMUP, repeat, ratio, ours, gun },
      });
    }
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
  return { rows, mismatches };
}

// `node bench/b6-relay.mjs [--clients 50,200] [--repeat 3] [--profile DIR]`:
// B6 alone, progress on stderr, the rows as a table on stdout. --profile
// writes a V8 CPU profile of each run of our relay into DIR.
if (import.meta.url === `file://${process.argv[1]}`) {
  printAlone(await runB6({
    clientCounts: optionValue('--clients')?.split(',').map(Number) ?? [50, 200],
    repeat: Number(optionValue('--repeat') ?? 3),
    profileDir: optionValue('--profile'),
    log: (line) => process.stderr.write(`${line}\n`),
  }));
}
