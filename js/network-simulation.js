// generateNetwork, simulate and centralAllocation: the benchmark workload.
// The whole network crosses into the core once (flat arrays), all rounds run
// there, and the result crosses back once.
import { core, checked } from './core.js';
import { CONVERGENCE_EPSILON } from './generated/allocation-constants.js';
import { SIMULATION, SIMULATED_PARTICIPANT, WATER_FILL, ALLOCATION_ROW } from './generated/boundary.js';
import { requireNumber, requireObject, fieldPath, withKeys, toJson } from './boundary.js';
import { ownValue, setOwn } from './own-keys.js';

export function generateNetwork(params) {
  requireObject(params, 'generateNetwork options');
  const { n, k, seed = 1, providerFraction = 0.3, selfRate = 0.1 } = params;
  for (const [name, value] of Object.entries({ n, k, seed, providerFraction, selfRate })) requireNumber(value, name);
  const edges = checked(core.generateNetwork(n, k, seed, providerFraction, selfRate));
  const starts = core.HEAPU32.subarray(core.outputU32() / 4, core.outputU32() / 4 + n + 1 + edges);
  const numbers = core.HEAPF64.subarray(core.outputF64() / 8, core.outputF64() / 8 + edges + 2 * n);
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const weights = {};
  const participants = {};
  for (let i = 0; i < n; i++) {
    const row = {};
    for (let e = starts[i]; e < starts[i + 1]; e++) setOwn(row, ids[starts[n + 1 + e]], numbers[e]);
    setOwn(weights, ids[i], row);
    setOwn(participants, ids[i], { capacity: numbers[edges + i], stated_need: numbers[edges + n + i] });
  }
  return { ids, weights, participants };
}

// Interns ids and writes the network in the core's flat layout.
function writeNetwork({ ids, weights, participants }) {
  if (!Array.isArray(ids)) throw new TypeError(`network.ids must be an array`);
  requireObject(weights, 'network.weights');
  requireObject(participants, 'network.participants');
  const n = ids.length;
  const index = new Map();
  ids.forEach((id, i) => {
    if (typeof id !== 'string') throw new TypeError(`network.ids[${i}] must be a string`);
    if (index.has(id)) throw new RangeError(`network.ids lists ${JSON.stringify(id)} twice`);
    index.set(id, i);
  });
  const rows = ids.map((id) => requireObject(ownValue(weights, id), fieldPath('network.weights', id)));
  const rowKeys = rows.map((row) => Object.keys(row));
  const edges = rowKeys.reduce((sum, keys) => sum + keys.length, 0);

  const f64 = checked(core.reserveInput(edges + 2 * n, n + 1 + edges)) / 8;
  const u32 = core.inputU32() / 4;
  const numbers = core.HEAPF64;
  const links = core.HEAPU32;
  let e = 0;
  for (let i = 0; i < n; i++) {
    links[u32 + i] = e;
    const row = rows[i];
    for (const key of rowKeys[i]) {
      const to = index.get(key);
      const w = row[key];
      if (to === undefined) {
        throw new RangeError(`${fieldPath(fieldPath('network.weights', ids[i]), key)} names a participant not in network.ids`);
      }
      if (typeof w !== 'number') requireNumber(w, fieldPath(fieldPath('network.weights', ids[i]), key));
      links[u32 + n + 1 + e] = to;
      numbers[f64 + e] = w;
      e++;
    }
    const p = requireObject(ownValue(participants, ids[i]), fieldPath('network.participants', ids[i]));
    numbers[f64 + edges + i] = requireNumber(p.capacity, `${fieldPath('network.participants', ids[i])}.capacity`);
    numbers[f64 + edges + n + i] = requireNumber(p.stated_need, `${fieldPath('network.participants', ids[i])}.stated_need`);
  }
  links[u32 + n] = e;
  return edges;
}

// Capacity filters and recipients' attributes, when any participant has
// them, as JSON text naming participants by index ("" when none).
function writeFilters({ ids, participants }) {
  const filters = [];
  const attributes = [];
  ids.forEach((id, i) => {
    const { filter, attributes: own } = ownValue(participants, id);
    if (filter !== undefined && filter !== null) filters.push([i, filter]);
    if (own !== undefined && own !== null) attributes.push([i, own]);
  });
  return filters.length ? toJson({ filters, attributes }) : '';
}

// Rows of ALLOCATION_ROW (provider, recipient, tier, amount) from the core's output, from
// `at`, as {provider: {tier1: {recipient: amount}, tier2: {...}}}. Keys are
// participants' ids, so every object is prototype-free.
function readAllocations(ids, at) {
  const out = core.HEAPF64;
  const count = out[at];
  const allocations = Object.create(null);
  const end = at + 1 + ALLOCATION_ROW.STRIDE * count;
  for (let row = at + 1; row < end; row += ALLOCATION_ROW.STRIDE) {
    const provider = ids[out[row + ALLOCATION_ROW.PROVIDER]];
    const mine = (allocations[provider] ??= { tier1: Object.create(null), tier2: Object.create(null) });
    (out[row + ALLOCATION_ROW.TIER] === 1 ? mine.tier1 : mine.tier2)[ids[out[row + ALLOCATION_ROW.RECIPIENT]]] = out[row + ALLOCATION_ROW.AMOUNT];
  }
  return { allocations, next: end };
}

const SCHEDULES = ['phased', 'merged'];

function simulateWaterFill(network, options) {
  const { maxRounds = 50, epsilon = CONVERGENCE_EPSILON, schedule = 'phased', trace = false } = options;
  requireNumber(maxRounds, 'maxRounds');
  requireNumber(epsilon, 'epsilon');
  if (!SCHEDULES.includes(schedule)) {
    throw new RangeError(`options.schedule must be 'phased' or 'merged' (got ${JSON.stringify(schedule)})`);
  }
  if (options.relaxation !== undefined) throw new RangeError(`options.relaxation applies to rule 'seed' only`);
  const edges = writeNetwork(network);
  const { ids } = network;
  try {
    checked(core.simulateWaterFill(ids.length, edges, maxRounds, epsilon, schedule === 'merged', Boolean(trace), writeFilters(network)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  const out = core.HEAPF64;
  const o = core.outputF64() / 8;
  const { allocations, next } = readAllocations(ids, o + WATER_FILL.HEADER);
  const convergedAt = out[o + WATER_FILL.CONVERGED_AT];
  const result = {
    rounds: out[o + WATER_FILL.ROUNDS],
    convergedAt: convergedAt < 0 ? null : convergedAt,
    maxDelta: out[o + WATER_FILL.MAX_DELTA],
    maxOverAllocation: out[o + WATER_FILL.MAX_OVER_ALLOCATION],
    maxOverCapacity: out[o + WATER_FILL.MAX_OVER_CAPACITY],
    allocations,
  };
  if (trace) {
    const rounds = Array.from({ length: out[o + WATER_FILL.TRACE_LENGTH] }, (_, r) => next + WATER_FILL.TRACE_STRIDE * r);
    result.trace = {
      maxDelta: rounds.map((at) => out[at]),
      total: rounds.map((at) => out[at + 1]),
      overAllocation: rounds.map((at) => out[at + 2]),
      overCapacity: rounds.map((at) => out[at + 3]),
    };
  }
  return result;
}

// The allocation the water-filling rule settles on, computed directly.
export function centralAllocation(network) {
  requireObject(network, 'network');
  const edges = writeNetwork(network);
  const { ids } = network;
  try {
    checked(core.centralAllocation(ids.length, edges, writeFilters(network)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  return readAllocations(ids, core.outputF64() / 8).allocations;
}

export function simulate(network, options = {}) {
  requireObject(network, 'network');
  requireObject(options, 'options');
  const { rule = 'seed' } = options;
  if (rule === 'water-filling') return simulateWaterFill(network, options);
  if (rule !== 'seed') throw new RangeError(`options.rule must be 'seed' or 'water-filling' (got ${JSON.stringify(rule)})`);
  const { maxRounds = 50, epsilon = CONVERGENCE_EPSILON, relaxation = 1.0, trace = false } = options;
  requireNumber(maxRounds, 'maxRounds');
  requireNumber(epsilon, 'epsilon');
  requireNumber(relaxation, 'relaxation');
  const edges = writeNetwork(network);
  const { ids, participants } = network;
  const n = ids.length;
  try {
    checked(core.simulate(n, edges, maxRounds, epsilon, relaxation, Boolean(trace)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  const out = core.HEAPF64;
  const o = core.outputF64() / 8;
  const commitments = {};
  const received = {};
  const P = SIMULATED_PARTICIPANT;
  for (let i = 0, at = o + SIMULATION.HEADER; i < n; i++, at += P.STRIDE) {
    const id = ids[i];
    const p = ownValue(participants, id);
    const history = new Array(out[at + P.HISTORY_SIZE]);
    for (let h = 0; h < history.length; h++) history[h] = out[at + P.HISTORY + h];
    setOwn(commitments, id, {
      residual_need: out[at + P.RESIDUAL_NEED],
      stated_need: p.stated_need,
      capacity: p.capacity,
      damping_factor: out[at + P.DAMPING_FACTOR],
      over_allocation_history: history,
      timestamp: 1,
    });
    if (out[at + P.RECEIVED_ANY]) setOwn(received, id, out[at + P.RECEIVED]);
  }
  const result = { rounds: out[o + SIMULATION.ROUNDS], maxDelta: out[o + SIMULATION.MAX_DELTA], commitments, received };
  if (trace) {
    const traced = out[o + SIMULATION.TRACE_LENGTH];
    const at = o + SIMULATION.HEADER + P.STRIDE * n;
    const stride = SIMULATION.TRACE_STRIDE;
    result.trace = {
      totalResidual: Array.from({ length: traced }, (_, r) => out[at + stride * r]),
      maxDelta: Array.from({ length: traced }, (_, r) => out[at + stride * r + 1]),
    };
  }
  return result;
}
