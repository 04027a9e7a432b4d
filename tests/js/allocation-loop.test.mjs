// The allocation running itself over real parts: a relay on loopback, one
// peer and one user per participant, the loop in each. What providers
// publish equals what the engine computes from the same published inputs;
// rounds advance and gossip; a participant offline past the stale
// threshold drops out of allocation and comes back cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'svelte/store';
import { createPeer, computeAllMutualRecognition, computeTwoTierAllocation } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { createAllocationNetwork } from '../../js/allocation/index.js';
import { assertClose } from './support/close.mjs';
import { eventually } from './support/eventually.mjs';
import { prng } from '../oracle/allocation.mjs';
import { closeAfter } from './support/allocation-people.mjs';

async function participant(relay, alias, connect = true) {
  const peer = createPeer({ peers: connect ? [relay.url] : [], storage: 'memory', passwordCost: 'test', webrtc: false });
  await peer.user().create(alias, 'pw');
  await peer.user().auth(alias, 'pw');
  const net = createAllocationNetwork({ peer, cacheable: false, persistDebounce: 5 });
  net.initializeAllocationStores();
  return { alias, peer, net, pub: peer.user().is.pub };
}

const withoutTimestamp = ({ timestamp, ...rest }) => rest;

// What the engine says provider `p` should publish, from everyone's published inputs.
function expectedAllocation(p, everyone, now) {
  const weights = Object.fromEntries(everyone.map((x) => [x.pub, x.weights]));
  const commitments = Object.fromEntries(everyone.filter((x) => now - x.commitment.timestamp < 60000).map((x) => [x.pub, x.commitment]));
  const mr = computeAllMutualRecognition(p.pub, p.weights, weights);
  return computeTwoTierAllocation(p.pub, p.commitment.capacity, 'default', mr, p.weights, commitments);
}

test('20 participants: every provider publishes what the engine computes from the published inputs, and its recipients see it', { timeout: 120000 }, async (t) => {
  const relay = await createRelay({ port: 0, limits: { messagesPerSecond: 5000 } });
  const random = prng(20);
  const people = [];
  closeAfter(t, relay, people);
  for (let i = 0; i < 20; i++) people.push(await participant(relay, `p${i}`));
  const now = Date.now();
  for (const [i, person] of people.entries()) {
    // Four others, some recognition back by chance; a few recognise themselves.
    const chosen = new Set();
    while (chosen.size < 4) {
      const j = Math.floor(random() * people.length);
      if (j !== i) chosen.add(j);
    }
    const shares = [...chosen].map(() => 0.1 + random());
    if (i % 5 === 0) shares.push(0.5);
    const names = [...chosen].map((j) => people[j].pub);
    if (i % 5 === 0) names.push(person.pub);
    const total = shares.reduce((a, b) => a + b, 0);
    person.weights = Object.fromEntries(names.map((name, k) => [name, shares[k] / total]));
    const need = Math.round(100 + random() * 900);
    person.commitment = { residual_need: need, stated_need: need, timestamp: now, ...(i % 2 === 0 ? { capacity: Math.round(200 + random() * 1800) } : {}) };
  }
  for (const person of people) {
    person.net.myRecognitionWeightsStore.set(person.weights);
    person.net.myCommitmentStore.set(person.commitment);
    // A directory: everyone is named, so one-way providers are found too.
    for (const other of people) if (other !== person) person.net.subscribeToRecognitionWeights(other.pub);
    // Rounds never end here (no one goes first), so published inputs stay as set.
    person.loop = person.net.startAllocationLoop({ rule: 'seed', gossipIntervalMs: 100, roundMs: Infinity });
  }

  const providers = people.filter((p) => p.commitment.capacity > 0);
  for (const provider of providers) {
    const expected = withoutTimestamp(expectedAllocation(provider, people, Date.now()));
    await eventually(`${provider.alias}'s published allocation to equal the engine's`, () => {
      const published = get(provider.net.myAllocationStateStore);
      assertClose(withoutTimestamp(published), expected);
      return true;
    });
    const recipients = Object.keys({ ...expected.mutualAllocations.default, ...expected.nonMutualAllocations.default })
      .filter((pub) => pub !== provider.pub);
    assert.ok(recipients.length > 0, `${provider.alias} allocates to someone`);
    for (const pub of recipients) {
      const recipient = people.find((x) => x.pub === pub);
      await eventually(`${recipient.alias} to hold ${provider.alias}'s allocation state`, () => {
        assertClose(withoutTimestamp(recipient.net.networkAllocationStates.get(provider.pub)), expected);
        return true;
      });
    }
  }
  // What each recipient counts as received is the sum of the providers' allocations to it (its own included).
  for (const person of people) {
    const fromProviders = providers.reduce((sum, p) => {
      const state = expectedAllocation(p, people, Date.now());
      return sum + (state.mutualAllocations.default[person.pub] ?? 0) + (state.nonMutualAllocations.default[person.pub] ?? 0);
    }, 0);
    await eventually(`${person.alias} to count what it receives`, () => Math.abs(person.loop.received().total - fromProviders) <= 1e-9 * Math.max(1, fromProviders));
  }
});

test('rounds advance with the others, round states gossip merged vector clocks, recipients update their commitments', { timeout: 60000 }, async (t) => {
  const relay = await createRelay({ port: 0 });
  const [provider, mutual, oneWay] = await Promise.all(['provider', 'mutual', 'oneway'].map((alias) => participant(relay, alias)));
  closeAfter(t, relay, [provider, mutual, oneWay]);
  const now = Date.now();
  provider.net.myRecognitionWeightsStore.set({ [mutual.pub]: 0.6, [oneWay.pub]: 0.4 });
  mutual.net.myRecognitionWeightsStore.set({ [provider.pub]: 1 });
  oneWay.net.myRecognitionWeightsStore.set({ [mutual.pub]: 1 });
  provider.net.myCommitmentStore.set({ residual_need: 0, stated_need: 0, capacity: 1000, timestamp: now });
  mutual.net.myCommitmentStore.set({ residual_need: 400, stated_need: 400, timestamp: now });
  oneWay.net.myCommitmentStore.set({ residual_need: 900, stated_need: 900, timestamp: now });
  for (const person of [provider, mutual, oneWay]) {
    for (const other of [provider, mutual, oneWay]) if (other !== person) person.net.subscribeToFullParticipant(other.pub);
  }
  // Only the provider goes first; the others follow because it is ahead.
  provider.loop = provider.net.startAllocationLoop({ rule: 'seed', gossipIntervalMs: 50, roundMs: 150 });
  mutual.loop = mutual.net.startAllocationLoop({ rule: 'seed', gossipIntervalMs: 50, roundMs: Infinity });
  oneWay.loop = oneWay.net.startAllocationLoop({ rule: 'seed', gossipIntervalMs: 50, roundMs: Infinity });

  await eventually('every participant to reach round 3', () => [provider, mutual, oneWay].every((p) => p.loop.round >= 3));
  // Round states carry clocks merged from the others'.
  await eventually('the provider to see a round state whose clock counts it', () => {
    const state = provider.net.networkRoundStates.get(mutual.pub);
    return state?.round >= 1 && state.vectorClock[provider.pub] > 0 && state.vectorClock[mutual.pub] > 0;
  });
  // The first round's update: the mutual partner got 400 of its 400, the one-way recipient the leftover 600 of 900.
  await eventually('the recipients to publish updated commitments', () => {
    const m = get(mutual.net.myCommitmentStore);
    const o = get(oneWay.net.myCommitmentStore);
    return m.round >= 1 && o.round >= 1 && m.over_allocation_history && o.over_allocation_history;
  });
  for (const person of [mutual, oneWay]) {
    assert.ok(get(person.loop.status).history.length >= 1);
    const c = get(person.net.myCommitmentStore);
    assert.ok(c.residual_need >= 0 && c.residual_need <= c.stated_need, `${person.alias}: residual within [0, stated]`);
  }
  const firstOfOneWay = get(oneWay.loop.status).history.find((entry) => entry.received > 0);
  assert.ok(firstOfOneWay, 'the one-way recipient received something in some round');
  assert.ok(firstOfOneWay.received <= 600 + 1e-9, 'one-way recognition only gets the leftovers');
});

test('a participant offline past the stale threshold drops out of allocation, and rejoins cleanly', { timeout: 60000 }, async (t) => {
  const relay = await createRelay({ port: 0 });
  let skew = 0; // everyone's clock, moved forward to pass the threshold without waiting a minute
  const clock = () => Date.now() + skew;
  const provider = await participant(relay, 'giver');
  const steady = await participant(relay, 'steady');
  const leaver = await participant(relay, 'leaver', false);
  closeAfter(t, relay, [provider, steady, leaver]);
  let disconnect = leaver.peer.connect(relay.url);
  provider.net.myRecognitionWeightsStore.set({ [steady.pub]: 0.5, [leaver.pub]: 0.5 });
  provider.net.myCommitmentStore.set({ residual_need: 0, stated_need: 0, capacity: 100, timestamp: clock() });
  for (const person of [steady, leaver]) {
    person.net.myRecognitionWeightsStore.set({ [provider.pub]: 1 });
    person.net.myCommitmentStore.set({ residual_need: 80, stated_need: 80, timestamp: clock() });
  }
  const loops = [provider, steady, leaver].map((p) => p.net.startAllocationLoop({ rule: 'seed', gossipIntervalMs: 50, roundMs: Infinity, clock }));
  const allocated = () => get(provider.net.myAllocationStateStore)?.mutualAllocations.default ?? {};
  await eventually('the provider to share between both', () => allocated()[steady.pub] === 50 && allocated()[leaver.pub] === 50);

  disconnect();
  await eventually('the leaver to be offline', () => !leaver.peer.connected);
  skew = 61000; // the leaver's last commitment is now older than 60 s; the steady one republishes
  await eventually('the leaver to drop out, the steady one to get what it needs', () =>
    !(leaver.pub in allocated()) && allocated()[steady.pub] === 80);
  assert.deepEqual(provider.net.getStaleParticipants(clock()), [leaver.pub]);

  disconnect = leaver.peer.connect(relay.url);
  await eventually('the leaver to rejoin with a fresh commitment', () => allocated()[leaver.pub] === 50 && allocated()[steady.pub] === 50);
  assert.deepEqual(provider.net.getStaleParticipants(clock()), []);
  assert.deepEqual(loops.flatMap((loop) => get(loop.errors)), []);
});

test('what a provider allocates to itself (self-recognition) counts as received', { timeout: 30000 }, async () => {
  const peer = createPeer({ storage: 'memory', passwordCost: 'test', webrtc: false });
  await peer.user().create('solo', 'pw');
  await peer.user().auth('solo', 'pw');
  const me = peer.user().is.pub;
  const net = createAllocationNetwork({ peer, cacheable: false, persistDebounce: 5 });
  net.initializeAllocationStores();
  net.myRecognitionWeightsStore.set({ [me]: 1 });
  net.myCommitmentStore.set({ residual_need: 300, stated_need: 300, capacity: 1000, timestamp: Date.now() });
  const loop = net.startAllocationLoop({ rule: 'seed', gossipIntervalMs: 50, roundMs: Infinity });
  await eventually('the self-allocation to be published', () => get(net.myAllocationStateStore)?.mutualAllocations.default[me] === 300);
  assert.equal(loop.received().total, 300);
  assert.deepEqual(Object.keys(loop.received().byProvider), [me]);
  await net.cleanupAllocationStores();
  await peer.close();
});
