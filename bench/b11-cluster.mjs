// B11: relays scaled out on Redis, under B6's load (b6-relay.mjs: the same
// seeded plan, clients, pacing, measurement and delivery checks).
//
// Setups, each run in one process (this one) one after the other, repeated
// with the order rotated:
//   fs      one relay on file storage (every write fdatasynced): the baseline;
//   redis1  one relay with its graph in Redis;
//   redis2  two relays on the same Redis, clients split between them (client
//           c on relay c mod 2), so most deliveries cross from one relay to
//           the other through the Redis stream.
// Redis is a redis-server of the benchmark's own on loopback, with the
// durable configuration the README states (appendonly yes, appendfsync
// always), emptied before every run.
//
// Figures: throughput (puts fully delivered per second) and p50/p99 of
// put→notify latency (from the writer's send to another client's message
// handler), each as a ratio to the fs relay of the same repetition (medians
// over repetitions). CPU seconds per put of the relays together and of Redis
// (from /proc) give how many puts per second one relay process and one Redis
// could carry at one core each; on 2 cores, with the load generator on one of
// them, more relays cannot run faster here, so the row reports that estimate:
// N relays carry min(N · relay capacity, Redis capacity) puts per second.
import { Redis } from 'ioredis';
import { cpuSecondsOf, makePlan, runOnce, startRelay, FOLLOWS } from './b6-relay.mjs';
import { startRedisServer } from '../tests/js/support/redis-server.mjs';
import { format, median } from './stats.mjs';
import { printAlone, optionValue } from './report.mjs';

const SETUPS = ['fs', 'redis1', 'redis2'];

async function startSetup(setup, redisUrl) {
  const count = setup === 'redis2' ? 2 : 1;
  const relays = [];
  try {
    for (let i = 0; i < count; i++) relays.push(await startRelay(setup === 'fs' ? 'fs' : 'redis', { redis: redisUrl }));
  } catch (error) {
    await Promise.all(relays.map((relay) => relay.stop()));
    throw error;
  }
  return {
    urls: relays.map((relay) => relay.url),
    pids: relays.map((relay) => relay.pid),
    stop: () => Promise.all(relays.map((relay) => relay.stop())),
  };
}

export async function runB11({ clientCounts = [50, 200], puts = 20000, repeat = 2, log = () => {} } = {}) {
  const rows = [];
  const mismatches = [];
  const redis = await startRedisServer();
  const admin = new Redis(redis.url);
  try {
    for (const clients of clientCounts) {
      const plan = makePlan({ clients, puts, seed: 6000 + clients }); // B6's plan
      const runs = Object.fromEntries(SETUPS.map((setup) => [setup, []]));
      for (let r = 0; r < repeat; r++) {
        const order = SETUPS.map((_, i) => SETUPS[(i + r) % SETUPS.length]);
        for (const setup of order) {
          await admin.flushall();
          const relays = await startSetup(setup, redis.url);
          const redisCpuBefore = cpuSecondsOf(redis.pid);
          let result;
          try {
            result = await runOnce(setup, relays, plan);
          } finally {
            await relays.stop();
          }
          result.redisCpuSeconds = setup === 'fs' ? 0 : cpuSecondsOf(redis.pid) - redisCpuBefore;
          runs[setup].push(result);
          log(`B11 ${clients} clients, run ${r + 1}, ${setup}: ${result.putsPerSecond.toFixed(0)} puts/s, p50 ${result.p50Ms.toFixed(2)} ms, `
            + `p99 ${result.p99Ms.toFixed(2)} ms, cpu relays ${result.relayCpuSeconds.toFixed(2)} s, redis ${result.redisCpuSeconds.toFixed(2)} s, `
            + `load ${result.loadCpuSeconds.toFixed(2)} s, lost ${result.lost}, dup ${result.duplicates}${result.capped ? `, capped after ${result.completed} puts` : ''}`);
          const where = `B11 (${clients} clients, ${setup}, run ${r + 1})`;
          if (result.getReplies !== clients * FOLLOWS) mismatches.push(`${where}: ${result.getReplies} of ${clients * FOLLOWS} gets answered`);
          if (result.lost) mismatches.push(`${where}: ${result.lost} deliveries lost`);
          if (result.duplicates) mismatches.push(`${where}: ${result.duplicates} duplicate deliveries`);
          if (result.unrequested) mismatches.push(`${where}: ${result.unrequested} puts sent to clients that did not follow the soul`);
          if (result.errors.length) mismatches.push(`${where}: ${result.errors.length} error replies, first: ${result.errors[0]}`);
        }
      }
      const ratio = (setup, key) => median(runs[setup].map((x, r) => x[key] / runs.fs[r][key]));
      const summary = Object.fromEntries(SETUPS.map((setup) => {
        const list = runs[setup];
        const perPut = (key) => median(list.map((x) => x[key] / x.completed));
        return [setup, {
          putsPerSecond: median(list.map((x) => x.putsPerSecond)),
          p50Ms: median(list.map((x) => x.p50Ms)),
          p99Ms: median(list.map((x) => x.p99Ms)),
          throughputRatio: ratio(setup, 'putsPerSecond'),
          p50Ratio: ratio(setup, 'p50Ms'),
          p99Ratio: ratio(setup, 'p99Ms'),
          relayCpuMsPerPut: perPut('relayCpuSeconds') * 1000,
          redisCpuMsPerPut: perPut('redisCpuSeconds') * 1000,
          runs: list.map(({ errors, ...rest }) => ({ ...rest, errors: errors.length })),
        }];
      }));
      // One core per relay process, one for Redis: puts per second each could carry.
      const relayCapacity = 1000 / (summary.redis2.relayCpuMsPerPut / 2);
      const redisCapacity = 1000 / summary.redis2.redisCpuMsPerPut;
      const carried = (n) => Math.min(n * relayCapacity, redisCapacity);
      const figures = (setup) => {
        const x = summary[setup];
        return `${setup}: ${Math.round(x.putsPerSecond).toLocaleString('en')} puts/s (${format.ratio(x.throughputRatio)}), p50 ${format.ms(x.p50Ms)} (${format.ratio(x.p50Ratio)}), p99 ${format.ms(x.p99Ms)} (${format.ratio(x.p99Ratio)})`;
      };
      const round = (n) => Math.round(n).toLocaleString('en');
      rows.push({
        id: 'B11',
        workload: `relay cluster on Redis (appendfsync always) under B6's load, ${clients} clients (${plan.expectedTotal.toLocaleString('en')} deliveries): `
          + 'throughput and put→notify p50/p99 as ratios to one relay on fs; 2 relays split the clients',
        ours: `${figures('redis1')}; ${figures('redis2')}`,
        baseline: `${figures('fs').replace(/ \(1\.00x\)/g, '')}`,
        ratio: `${format.ratio(summary.redis2.throughputRatio)} (2 relays / fs)`,
        required: `report; estimate from CPU per put (relay ${summary.redis2.relayCpuMsPerPut.toFixed(3)} ms for both, Redis ${summary.redis2.redisCpuMsPerPut.toFixed(3)} ms): `
          + `1 relay core ≈ ${round(relayCapacity)} puts/s, Redis ≈ ${round(redisCapacity)} puts/s, so 2/4/8 relays ≈ ${round(carried(2))}/${round(carried(4))}/${round(carried(8))} puts/s `
          + `(at ${(plan.expectedTotal / puts).toFixed(1)} deliveries per put)`,
        status: 'report',
        values: { clients, puts, repeat, relayCapacity, redisCapacity, ...summary },
      });
    }
  } finally {
    admin.disconnect();
    await redis.stop();
  }
  return { rows, mismatches };
}

// `node bench/b11-cluster.mjs [--clients 50,200] [--repeat 2]`: B11 alone,
// progress on stderr, the rows as a table on stdout.
if (import.meta.url === `file://${process.argv[1]}`) {
  printAlone(await runB11({
    clientCounts: optionValue('--clients')?.split(',').map(Number) ?? [50, 200],
    repeat: Number(optionValue('--repeat') ?? 2),
    log: (line) => process.stderr.write(`${line}\n`),
  }));
}
