// The water-filling loop (the default rule) over real parts: a relay on
// loopback, one peer and one user per participant. The network settles on
// the central allocation (the test oracle's progressive filling), nobody is
// ever given more than it states as need, and a change of need or a
// participant who leaves is absorbed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'svelte/store';
import { createPeer } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { createAllocationNetwork } from '../../js/allocation/index.js';
import { centralAllocation } from '../oracle/water-filling.mjs';
import { prng } from '../oracle/allocation.mjs';
import { eventually as waitFor } from './support/eventually.mjs';
import { closeAfter, leave } from './support/allocation-people.mjs';

const WAIT_MS = 90000;

// The network may take many gossip rounds: a longer bound than the default.
const eventually = (what, check) => waitFor(what, check, { within: WAIT_MS });

async function participant(relay, alias) {
  const peer = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test', webrtc: false });
  await peer.user().create(alias, 'pw');
  await peer.user().auth(alias, 'pw');
  const net = createAllocationNetwork({ peer, cacheable: false, persistDebounce: 5 });
  net.initializeAllocationStores();
  return { alias, peer, net, pub: peer.user().is.pub };
}

// The oracle's answer as provider → recipient → amount (either tier).
function centralOf(people) {
  const ids = people.map((p) => p.pub);
  const weights = Object.fromEntries(people.map((p) => [p.pub, p.weights]));
  const participants = Object.fromEntries(people.map((p) => [p.pub, { capacity: p.capacity, stated_need: p.need }]));
  const result = centralAllocation({ ids, weights, participants });
  const entries = result instanceof Map ? [...result] : Object.entries(result);
  const amounts = {};
  for (const [provider, tiers] of entries) {
    amounts[provider] = {};
    for (const tier of [tiers.tier1, tiers.tier2]) {
      for (const [recipient, amount] of tier instanceof Map ? tier : Object.entries(tier)) amounts[provider][recipient] = amount;
    }
  }
  return amounts;
}

// What a provider's last published state moves to each recipient.
function publishedBy(person) {
  const state = get(person.net.myAllocationStateStore);
  const moved = {};
  for (const tier of ['mutualAllocations', 'nonMutualAllocations']) {
    for (const [pub, amount] of Object.entries(state?.[tier]?.default ?? {})) moved[pub] = (moved[pub] ?? 0) + amount;
  }
  return moved;
}

function assertSettledOn(people, expected) {
  for (const person of people) {
    const moved = publishedBy(person);
    const wanted = expected[person.pub] ?? {};
    for (const pub of new Set([...Object.keys(moved), ...Object.keys(wanted)])) {
      const a = moved[pub] ?? 0;
      const b = wanted[pub] ?? 0;
      assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, b), `${person.alias} -> ${pub.slice(0, 8)}: ${a} published, ${b} central`);
    }
  }
}

function assertNobodyOverServed(people) {
  const into = {};
  for (const person of people) for (const [pub, amount] of Object.entries(publishedBy(person))) into[pub] = (into[pub] ?? 0) + amount;
  for (const person of people) assert.ok((into[person.pub] ?? 0) <= person.need * (1 + 1e-9) + 1e-9, `${person.alias} over-served`);
}

test('20 participants through a relay settle on the central allocation; a change of need and a leaver are absorbed', { timeout: 240000 }, async (t) => {
  const relay = await createRelay({ port: 0, limits: { messagesPerSecond: 5000 } });
  const people = [];
  closeAfter(t, relay, people);
  let skew = 0;
  const clock = () => Date.now() + skew;
  const random = prng(14);
  for (let i = 0; i < 20; i++) people.push(await participant(relay, `w${i}`));
  for (const [i, person] of people.entries()) {
    const chosen = new Set();
    while (chosen.size < 4) {
      const j = Math.floor(random() * people.length);
      if (j !== i) chosen.add(j);
    }
    const names = [...chosen].map((j) => people[j].pub);
    const shares = names.map(() => 0.1 + random());
    if (i % 5 === 0) {
      names.push(person.pub);
      shares.push(0.5);
    }
    const total = shares.reduce((a, b) => a + b, 0);
    person.weights = Object.fromEntries(names.map((name, k) => [name, shares[k] / total]));
    person.need = Math.round(100 + random() * 900);
    person.capacity = i % 2 === 0 ? Math.round(200 + random() * 1800) : 0;
  }
  const commit = (person) =>
    person.net.myCommitmentStore.set({ residual_need: person.need, stated_need: person.need, timestamp: clock(), ...(person.capacity ? { capacity: person.capacity } : {}) });
  for (const person of people) {
    person.net.myRecognitionWeightsStore.set(person.weights);
    commit(person);
    for (const other of people) if (other !== person) person.net.subscribeToRecognitionWeights(other.pub);
    person.loop = person.net.startAllocationLoop({ gossipIntervalMs: 400, clock });
  }

  await eventually('the network to settle on the central allocation', () => {
    assertSettledOn(people, centralOf(people));
    return true;
  });
  assertNobodyOverServed(people);
  await eventually('every loop to say the network has settled', () => people.every((p) => get(p.loop.status).networkSettled));
  const history = get(people[1].loop.status).history;
  assert.ok(history.length > 0 && history.every((entry) => entry.received <= people[1].need + 1e-9), 'a recipient never received more than its need in any round');

  // A change of need.
  const changer = people[3];
  changer.need = 50;
  commit(changer);
  await eventually('the network to re-settle after a change of need', () => {
    assertSettledOn(people, centralOf(people));
    return true;
  });
  assertNobodyOverServed(people);

  // A participant leaves (goes offline); past the stale threshold it drops out.
  const leaver = people[1];
  await leave(leaver);
  const stay = people.filter((p) => p !== leaver);
  skew = 61000;
  const withoutLeaver = stay.map((p) => ({ ...p, weights: Object.fromEntries(Object.entries(p.weights).filter(([pub]) => pub !== leaver.pub)) }));
  await eventually('the network to settle without the leaver', () => {
    assertSettledOn(stay, centralOf(withoutLeaver));
    return true;
  });
  assertNobodyOverServed(stay);
  assert.deepEqual(stay.flatMap((p) => get(p.loop.errors)), []);
});

test('a lone mutual recipient gets all it needs; the idle rest is explained', { timeout: 90000 }, async (t) => {
  const relay = await createRelay({ port: 0 });
  const people = [];
  closeAfter(t, relay, people);
  for (const alias of ['giver', 'taker']) people.push(await participant(relay, alias));
  const [giver, taker] = people;
  giver.net.myRecognitionWeightsStore.set({ [taker.pub]: 1 });
  taker.net.myRecognitionWeightsStore.set({ [giver.pub]: 1 });
  giver.net.myCommitmentStore.set({ residual_need: 0, stated_need: 0, capacity: 1000, timestamp: Date.now() });
  taker.net.myCommitmentStore.set({ residual_need: 400, stated_need: 400, timestamp: Date.now() });
  const loops = [giver, taker].map((p) => p.net.startAllocationLoop({ gossipIntervalMs: 50 }));
  await eventually('the taker to receive its 400', () => loops[1].received().total === 400);
  await eventually('the giver to settle with 600 idle, all needs met', () => {
    const status = get(loops[0].status);
    return status.settled && status.idle === 600 && status.idleReason === 'all needs met';
  });
  assert.equal(get(taker.net.myCommitmentStore).residual_need, 0);
});

test('startAllocationLoop refuses an unknown rule or a bad setting, and starts nothing', { timeout: 30000 }, async (t) => {
  const peer = createPeer({ storage: 'memory', passwordCost: 'test', webrtc: false });
  let net = null;
  t.after(async () => {
    await net?.cleanupAllocationStores();
    await peer.close();
  });
  await peer.user().create('picky', 'pw');
  await peer.user().auth('picky', 'pw');
  net = createAllocationNetwork({ peer, cacheable: false, persistDebounce: 5 });
  net.initializeAllocationStores();
  assert.throws(() => net.startAllocationLoop({ rule: 'fastest' }), (error) => error instanceof RangeError && /rule/.test(error.message));
  assert.throws(() => net.startAllocationLoop({ rule: 'seed', relaxation: 2 }), (error) => error instanceof RangeError && /relaxation/.test(error.message));
  assert.throws(() => net.startAllocationLoop({ capacityId: '' }), /capacityId/);
  assert.equal(net.getAllocationLoop(), null);
  const loop = net.startAllocationLoop({ gossipIntervalMs: 50 });
  assert.equal(get(loop.status).rule, 'water-filling');
});
