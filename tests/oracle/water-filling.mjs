// Test oracle: the offer/accept water-filling rule and its central outcome,
// in plain JavaScript, written from the specification's words (mutual
// recognition, two tiers, WF and WFsat with the 1e-12 exact-fit tie, the
// phased and merged schedules) independently of the core. The package's
// tests compare against it; bench B12 times it.

const FIT = 1e-12;

// ---- the network as edges ----

function mutualRecognition(weights, p, r) {
  const mine = Object.hasOwn(weights[p], r) ? weights[p][r] : 0;
  if (p === r) return mine;
  const theirs = Object.hasOwn(weights, r) && Object.hasOwn(weights[r], p) ? weights[r][p] : 0;
  return Math.min(mine, theirs);
}

function matches(have, want) {
  const haves = Array.isArray(have) ? have : [have];
  const wants = Array.isArray(want) ? want : [want];
  return wants.some((w) => haves.some((h) => h === w));
}

// A recipient passes a capacity filter when every (filter_fn "all") or some
// (filter_fn "any") required attribute matches one of its own.
export function passes(attributes, filter) {
  if (!filter || !filter.required_attributes) return true;
  const keys = Object.keys(filter.required_attributes);
  const ok = (key) => attributes != null && Object.hasOwn(attributes, key) && matches(attributes[key], filter.required_attributes[key]);
  return filter.filter_fn === 'any' ? keys.length === 0 || keys.some(ok) : keys.every(ok);
}

// Edges of providers with capacity to recognised recipients with a need that
// pass the provider's filter: tier 1 where MR > 0 (weight MR), tier 2
// otherwise (weight w). Indexed both ways, tier 1 before tier 2.
export function edgesOf(network) {
  const { ids, weights, participants } = network;
  const index = new Map(ids.map((id, i) => [id, i]));
  const capacity = ids.map((id) => Math.max(0, participants[id].capacity));
  const need = ids.map((id) => Math.max(0, participants[id].stated_need));
  const edges = [];
  ids.forEach((p, pi) => {
    if (!(capacity[pi] > 0)) return;
    const tier2 = [];
    for (const [r, w] of Object.entries(weights[p])) {
      const ri = index.get(r);
      if (!(w > 0) || !(need[ri] > 0) || !passes(participants[r].attributes, participants[p].filter)) continue;
      const mr = mutualRecognition(weights, p, r);
      if (mr > 0) edges.push({ p: pi, r: ri, tier: 1, weight: mr });
      else tier2.push({ p: pi, r: ri, tier: 2, weight: w });
    }
    edges.push(...tier2);
  });
  const byProvider = ids.map(() => [[], []]);
  const byRecipient = ids.map(() => [[], []]);
  edges.forEach((edge, e) => {
    byProvider[edge.p][edge.tier - 1].push(e);
    byRecipient[edge.r][edge.tier - 1].push(e);
  });
  return { ids, capacity, need, edges, byProvider, byRecipient };
}

// ---- the level of a water-filling ----

// WF: the level L at which sum(min(weight * L, limit)) reaches total;
// Infinity when all limits together fit.
export function waterLevel(total, items) {
  const sorted = items.map(({ weight, limit }) => ({ weight, limit, at: limit / weight })).sort((a, b) => a.at - b.at);
  let limits = 0;
  for (const item of sorted) limits += item.limit;
  if (limits <= total) return Infinity;
  return levelAmong(total, sorted);
}

// WFsat: as WF, but limits that fill the total to within 1e-12 (relative)
// give the highest limit level rather than Infinity.
export function saturatingWaterLevel(total, items) {
  const sorted = items.map(({ weight, limit }) => ({ weight, limit, at: limit / weight })).sort((a, b) => a.at - b.at);
  let limits = 0;
  for (const item of sorted) limits += item.limit;
  if (limits <= total) return sorted.length && limits >= total * (1 - FIT) ? sorted[sorted.length - 1].at : Infinity;
  return levelAmong(total, sorted);
}

function levelAmong(total, sorted) {
  let left = total;
  let weight = sorted.reduce((sum, item) => sum + item.weight, 0);
  for (const item of sorted) {
    const level = left / weight;
    if (item.at > level) return Math.max(0, level);
    left -= item.limit;
    weight -= item.weight;
  }
  return sorted[sorted.length - 1].at;
}

// ---- one participant's turn ----

function provide(problem, p, seenLevel, seenBudget, offer) {
  const { capacity, need, edges, byProvider } = problem;
  const [mutual, oneWay] = byProvider[p];
  const limit1 = mutual.map((e) => Math.min(edges[e].weight * seenLevel[e], need[edges[e].r]));
  const level1 = waterLevel(capacity[p], mutual.map((e, i) => ({ weight: edges[e].weight, limit: limit1[i] })));
  let offered = 0;
  mutual.forEach((e, i) => {
    offer[e] = Math.min(edges[e].weight * level1, limit1[i]);
    offered += offer[e];
  });
  const left = Math.max(0, capacity[p] - offered);
  const limit2 = oneWay.map((e) => Math.min(edges[e].weight * seenLevel[e], seenBudget[e]));
  const level2 = left > 0 ? waterLevel(left, oneWay.map((e, i) => ({ weight: edges[e].weight, limit: limit2[i] }))) : 0;
  oneWay.forEach((e, i) => (offer[e] = left > 0 ? Math.min(edges[e].weight * level2, limit2[i]) : 0));
}

function accept(problem, r, seenOffer, accepted, answer) {
  const { need, edges, byRecipient } = problem;
  const [mutual, oneWay] = byRecipient[r];
  const mu1 = saturatingWaterLevel(need[r], mutual.map((e) => ({ weight: edges[e].weight, limit: seenOffer[e] })));
  let taken = 0;
  for (const e of mutual) {
    accepted[e] = Math.min(seenOffer[e], edges[e].weight * mu1);
    taken += accepted[e];
  }
  const budget2 = Math.max(0, need[r] - taken);
  const mu2 = budget2 > 0 ? saturatingWaterLevel(budget2, oneWay.map((e) => ({ weight: edges[e].weight, limit: seenOffer[e] }))) : 0;
  for (const e of oneWay) accepted[e] = budget2 > 0 ? Math.min(seenOffer[e], edges[e].weight * mu2) : 0;
  answer[r] = { mu1, mu2, budget2 };
}

// ---- the distributed rule ----

export function simulateWaterFilling(network, { schedule = 'phased', maxRounds = 50, epsilon = 0.001, onRound } = {}) {
  const problem = edgesOf(network);
  const { ids, edges } = problem;
  const m = edges.length;
  const offer = new Float64Array(m);
  const accepted = new Float64Array(m);
  // What providers know of recipients (per edge) and recipients of offers.
  const seenLevel = new Float64Array(m).fill(Infinity);
  const seenBudget = Float64Array.from(edges, (edge) => problem.need[edge.r]);
  const seenOffer = new Float64Array(m);
  const answer = ids.map((_, r) => ({ mu1: Infinity, mu2: Infinity, budget2: problem.need[r] }));
  const hear = () => edges.forEach((edge, e) => {
    const a = answer[edge.r];
    seenLevel[e] = edge.tier === 1 ? a.mu1 : a.mu2;
    seenBudget[e] = a.budget2;
  });
  const providersTurn = () => ids.forEach((_, p) => provide(problem, p, seenLevel, seenBudget, offer));
  const recipientsTurn = () => ids.forEach((_, r) => {
    if (problem.byRecipient[r][0].length + problem.byRecipient[r][1].length) accept(problem, r, seenOffer, accepted, answer);
  });
  let transfer = new Float64Array(m), last = new Float64Array(m), beforeLast = new Float64Array(m);
  let rounds = 0, convergedAt = null, maxDelta = Infinity, maxOverAllocation = 0, maxOverCapacity = 0;
  while (rounds < maxRounds) {
    rounds++;
    if (schedule === 'merged') {
      providersTurn();
      recipientsTurn();
      seenOffer.set(offer);
      hear();
    } else {
      providersTurn();
      seenOffer.set(offer);
      recipientsTurn();
      hear();
    }
    [beforeLast, last, transfer] = [last, transfer, beforeLast];
    maxDelta = 0;
    for (let e = 0; e < m; e++) {
      transfer[e] = Math.min(offer[e], accepted[e]);
      let delta = Math.abs(transfer[e] - last[e]);
      if (schedule === 'merged') delta = Math.max(delta, Math.abs(transfer[e] - beforeLast[e]));
      if (delta > maxDelta) maxDelta = delta;
    }
    const excess = excessOf(problem, offer, transfer);
    maxOverAllocation = Math.max(maxOverAllocation, excess.overAllocation);
    maxOverCapacity = Math.max(maxOverCapacity, excess.overCapacity);
    onRound?.({ round: rounds, maxDelta });
    if (maxDelta < epsilon && !(schedule === 'merged' && rounds <= 2)) {
      convergedAt = rounds;
      break;
    }
  }
  return { rounds, convergedAt, maxDelta, maxOverAllocation, maxOverCapacity, allocations: allocationsOf(problem, transfer) };
}

function excessOf({ ids, capacity, need, edges }, offer, transfer) {
  const received = new Float64Array(ids.length), given = new Float64Array(ids.length), offered = new Float64Array(ids.length);
  edges.forEach((edge, e) => {
    received[edge.r] += transfer[e];
    given[edge.p] += transfer[e];
    offered[edge.p] += offer[e];
  });
  let overAllocation = 0, overCapacity = 0;
  ids.forEach((_, i) => {
    overAllocation = Math.max(overAllocation, received[i] - need[i]);
    overCapacity = Math.max(overCapacity, given[i] - capacity[i], offered[i] - capacity[i]);
  });
  return { overAllocation, overCapacity };
}

function allocationsOf({ ids, edges }, amount) {
  const out = new Map();
  edges.forEach((edge, e) => {
    if (!(amount[e] > 0)) return;
    const p = ids[edge.p];
    if (!out.has(p)) out.set(p, { tier1: new Map(), tier2: new Map() });
    out.get(p)[edge.tier === 1 ? 'tier1' : 'tier2'].set(ids[edge.r], amount[e]);
  });
  return out;
}

// ---- the central outcome ----

// Progressive filling, tier by tier: every unsettled edge of the tier grows
// at the rate of its weight; the provider or recipient that runs out first
// settles all its unsettled edges at the current level. A linear search for
// that link each time: O(links^2 + edges), for test-sized networks.
export function centralAllocation(network) {
  const problem = edgesOf(network);
  const { ids, edges, capacity, need } = problem;
  const n = ids.length;
  const amount = new Float64Array(edges.length);
  const capacityLeft = capacity.slice(), needLeft = need.slice();
  // Links 0..n-1 are providers, n..2n-1 recipients.
  const linksOf = (edge) => [edge.p, n + edge.r];
  for (const tier of [1, 2]) {
    const room = [...capacityLeft, ...needLeft];
    const growing = new Float64Array(2 * n);
    const members = Array.from({ length: 2 * n }, () => []);
    edges.forEach((edge, e) => {
      if (edge.tier !== tier) return;
      for (const link of linksOf(edge)) {
        growing[link] += edge.weight;
        members[link].push(e);
      }
    });
    const settled = new Uint8Array(edges.length);
    const done = new Uint8Array(2 * n);
    for (;;) {
      let best = -1, bestLevel = Infinity;
      for (let link = 0; link < 2 * n; link++) {
        if (done[link] || !members[link].some((e) => !settled[e])) continue;
        const level = Math.max(0, room[link]) / growing[link];
        if (best < 0 || level < bestLevel) [best, bestLevel] = [link, level];
      }
      if (best < 0) break;
      done[best] = 1;
      for (const e of members[best]) {
        if (settled[e]) continue;
        settled[e] = 1;
        amount[e] = edges[e].weight * bestLevel;
        for (const link of linksOf(edges[e])) {
          room[link] -= amount[e];
          growing[link] -= edges[e].weight;
        }
      }
    }
    edges.forEach((edge, e) => {
      if (edge.tier !== tier) return;
      capacityLeft[edge.p] = Math.max(0, capacityLeft[edge.p] - amount[e]);
      needLeft[edge.r] = Math.max(0, needLeft[edge.r] - amount[e]);
    });
  }
  return allocationsOf(problem, amount);
}
