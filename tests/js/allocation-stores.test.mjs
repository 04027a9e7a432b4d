// mutual-store/allocation on real parts: a relay on loopback, one peer per
// participant, real users. Publishing through my…Stores reaches the others'
// maps; invalid documents never land and are counted; subscriptions are
// counted, idempotent and removable; the algorithm's subscriptions follow
// recognition; cleanup clears everything. Every wait is for an event, bounded
// so that a failure says what never happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, derived } from 'svelte/store';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPeer, configure, schemas } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import * as allocation from '../../js/allocation/index.js';
import { createAllocationNetwork, deriveSubscriptionGroups } from '../../js/allocation/index.js';

const WAIT_MS = 10000;
const T = 1732000000000;

const commitment = (need, extra = {}) => ({ residual_need: need, stated_need: 1000, timestamp: T, ...extra });
const allocationState = (amount) => ({
  mutualDenominator: { default: 1 },
  nonMutualDenominator: { default: 0 },
  mutualAllocations: { default: { someone: amount } },
  nonMutualAllocations: { default: {} },
  timestamp: T,
});

// Resolves once `accept()` holds, checked now and whenever one of `readables` changes.
function waitFor(what, readables, accept) {
  return new Promise((resolve, reject) => {
    const offs = [];
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => offs.forEach((off) => off()));
      error ? reject(error) : resolve();
    };
    const check = () => {
      try {
        if (!done && accept()) finish();
      } catch (error) {
        finish(error);
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for: ${what}`)), WAIT_MS);
    for (const readable of readables) offs.push(readable.subscribe(check));
    check();
  });
}

async function participant(relay, alias) {
  const peer = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test' });
  await peer.user().create(alias, 'pw');
  await peer.user().auth(alias, 'pw');
  const net = createAllocationNetwork({ peer, persistDebounce: 5 });
  return { alias, peer, net, pub: peer.user().is.pub };
}

async function finish(relay, people) {
  for (const { net } of people) await net.cleanupAllocationStores();
  for (const { peer } of people) await peer.close();
  await relay.close();
}

const zeroStats = { totalSubscriptions: 0, commitments: 0, allocationStates: 0, recognitionWeights: 0, roundStates: 0, uniqueParticipants: 0 };

test('importing creates no peer: configure() still works, and the module-level exports use it', async () => {
  const relay = await createRelay({ port: 0 });
  const peer = configure({ peers: [relay.url], storage: 'memory', passwordCost: 'test' }); // throws if the import had made one
  assert.throws(() => allocation.subscribeToCommitment('someone'), /sign in first/);
  assert.throws(() => allocation.initializeAllocationStores(), /sign in first/);
  await peer.user().create('solo', 'pw');
  await peer.user().auth('solo', 'pw');
  const other = await participant(relay, 'other');
  other.net.initializeAllocationStores();
  other.net.myCommitmentStore.set(commitment(42));

  allocation.initializeAllocationStores();
  assert.equal(allocation.isFollowingAlgorithm(), true, 'initialize starts the algorithm-driven subscriptions');
  allocation.subscribeToCommitment(other.pub);
  await waitFor('the default instance to hear the other participant', [allocation.networkCommitments], () =>
    allocation.networkCommitments.get(other.pub)?.residual_need === 42);
  assert.equal(allocation.networkCommitments.size, 1);
  assert.deepEqual([...allocation.networkCommitments.keys()], [other.pub]);
  assert.deepEqual(allocation.getNetworkCommitmentsRecord(), { [other.pub]: commitment(42) });
  assert.equal(get(allocation.networkCommitments).get(other.pub).residual_need, 42);
  allocation.myCommitmentStore.set(commitment(7));
  assert.equal(get(allocation.myCommitmentStore).residual_need, 7);
  await allocation.myCommitmentStore.waitForPersistence();
  await allocation.cleanupAllocationStores();
  assert.deepEqual(allocation.getSubscriptionStats(), zeroStats);
  assert.equal(allocation.networkCommitments.size, 0);
  assert.equal(get(allocation.myCommitmentStore), null);
  await finish(relay, [other]);
  await peer.close();
});

test('what a participant publishes through its stores reaches the others\' maps, validated, as records', async () => {
  const relay = await createRelay({ port: 0 });
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((alias) => participant(relay, alias)));
  for (const { net } of [alice, bob, carol]) net.initializeAllocationStores({ followAlgorithm: false });
  for (const { net } of [bob, carol]) {
    net.subscribeToFullParticipant(alice.pub);
    net.subscribeToFullParticipant(alice.pub); // the second call changes nothing
  }
  assert.deepEqual(bob.net.getSubscriptionStats(), { totalSubscriptions: 4, commitments: 1, allocationStates: 1, recognitionWeights: 1, roundStates: 1, uniqueParticipants: 1 });

  // The map's store contract: called at once with the map, then on changes.
  const seen = [];
  const off = bob.net.networkCommitments.subscribe((map) => seen.push(map.size));
  assert.deepEqual(seen, [0]);

  const roundState = { pubKey: alice.pub, round: 3, vectorClock: { [alice.pub]: 3 }, timestamp: T };
  alice.net.myCommitmentStore.set(commitment(500, { capacity: 1000, attributes: { location: 'SF' } }));
  alice.net.myAllocationStateStore.set(allocationState(250));
  alice.net.myRecognitionWeightsStore.set({ [bob.pub]: 0.6, [carol.pub]: 0.4 });
  alice.net.myRoundStateStore.set(roundState);

  for (const { alias, net } of [bob, carol]) {
    await waitFor(`${alias} to receive all four of alice's documents`,
      [net.networkCommitments, net.networkAllocationStates, net.networkRecognitionWeights, net.networkRoundStates],
      () => net.networkCommitments.has(alice.pub) && net.networkAllocationStates.has(alice.pub)
        && net.networkRecognitionWeights.has(alice.pub) && net.networkRoundStates.has(alice.pub));
    assert.deepEqual(net.getNetworkCommitmentsRecord(), { [alice.pub]: commitment(500, { capacity: 1000, attributes: { location: 'SF' } }) });
    assert.deepEqual(net.getNetworkAllocationStatesRecord(), { [alice.pub]: allocationState(250) });
    assert.deepEqual(net.getNetworkRecognitionWeightsRecord(), { [alice.pub]: { [bob.pub]: 0.6, [carol.pub]: 0.4 } });
    assert.deepEqual(net.getNetworkRoundStatesRecord(), { [alice.pub]: roundState });
    assert.equal(net.getAllocationErrorCount(), 0);
  }
  assert.equal(seen.at(-1), 1);
  off();

  // A change reaches the maps too, and a derived store follows it.
  const need = derived(bob.net.networkCommitments, (map) => map.get(alice.pub)?.residual_need);
  alice.net.myCommitmentStore.update((c) => ({ ...c, residual_need: 120 }));
  await waitFor('bob to see alice\'s new residual need', [need], () => get(need) === 120);

  // Staleness goes by the commitment's own timestamp.
  assert.deepEqual(bob.net.getActiveParticipants(T + 1000), [alice.pub]);
  assert.deepEqual(bob.net.getStaleParticipants(T + 1000), []);
  assert.deepEqual(bob.net.getStaleParticipants(T + 60000), [alice.pub]);
  assert.deepEqual(bob.net.getActiveCommitmentsRecord(T + 60000), {});
  assert.throws(() => bob.net.getActiveParticipants('now'), TypeError);

  // The maps are read-only to the app.
  assert.equal(bob.net.networkCommitments.set, undefined);
  assert.throws(() => { bob.net.networkCommitments.clear = () => {}; }, TypeError);
  await finish(relay, [alice, bob, carol]);
});

test('invalid documents written straight into a user\'s space never land in a map; they are counted and reported', async () => {
  const relay = await createRelay({ port: 0 });
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((alias) => participant(relay, alias)));
  bob.net.initializeAllocationStores({ followAlgorithm: false });
  alice.net.initializeAllocationStores({ followAlgorithm: false });
  bob.net.subscribeToCommitment(alice.pub);
  bob.net.subscribeToRoundState(carol.pub);
  alice.net.myCommitmentStore.set(commitment(300));
  await waitFor('bob to receive alice\'s valid commitment', [bob.net.networkCommitments], () =>
    bob.net.networkCommitments.get(alice.pub)?.residual_need === 300);

  // A negative need in the stored format, then a field that is not JSON text.
  await alice.peer.user().get('allocation/commitment').put({ residual_need: JSON.stringify(-5), _updatedAt: Date.now() });
  await waitFor('bob to report alice\'s negative need', [bob.net.allocationErrors], () => bob.net.getAllocationErrorCount() === 1);
  await alice.peer.user().get('allocation/commitment').put({ residual_need: 7, _updatedAt: Date.now() + 1 });
  await waitFor('bob to report the field that is not JSON text', [bob.net.allocationErrors], () => bob.net.getAllocationErrorCount() === 2);
  // Carol never published a valid round state: nothing of hers may appear.
  await carol.peer.user().get('allocation/roundState').put({ pubKey: JSON.stringify(carol.pub), round: JSON.stringify(-1), _updatedAt: Date.now() });
  await waitFor('bob to report carol\'s bad round state', [bob.net.allocationErrors], () => bob.net.getAllocationErrorCount() === 3);

  assert.equal(bob.net.networkCommitments.get(alice.pub).residual_need, 300, 'the last valid commitment stays');
  assert.equal(bob.net.networkRoundStates.has(carol.pub), false);
  const errors = get(bob.net.allocationErrors);
  assert.deepEqual(errors.map((e) => [e.kind, e.dataKind, e.pub, e.path]), [
    ['validation', 'commitments', alice.pub, 'allocation/commitment'],
    ['validation', 'commitments', alice.pub, 'allocation/commitment'],
    ['validation', 'roundStates', carol.pub, 'allocation/roundState'],
  ]);
  assert.match(errors[0].message, /residual_need/);
  assert.match(errors[2].message, /round/);
  await finish(relay, [alice, bob, carol]);
});

test('subscription stats, bad input, and unsubscribing removes a participant\'s data', async () => {
  const relay = await createRelay({ port: 0 });
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((alias) => participant(relay, alias)));

  // Not signed in: a clear error, nothing subscribed.
  const visitor = createAllocationNetwork({ peer: createPeer({ peers: [relay.url], storage: 'memory' }) });
  assert.throws(() => visitor.subscribeToFullParticipant(alice.pub), /subscribeToFullParticipant: sign in first/);
  assert.deepEqual(visitor.getSubscriptionStats(), zeroStats);
  assert.throws(() => createAllocationNetwork({ peer: {} }), TypeError);

  const { net } = alice;
  net.initializeAllocationStores({ followAlgorithm: false });
  for (const bad of [undefined, null, 42, '', { pub: bob.pub }]) {
    assert.throws(() => net.subscribeToCommitment(bad), TypeError);
    assert.throws(() => net.unsubscribeFromParticipant(bad), TypeError);
  }
  assert.deepEqual(net.getSubscriptionStats(), zeroStats, 'bad input changed nothing');

  net.subscribeToFullParticipant(bob.pub);
  net.subscribeToCommitment(carol.pub);
  net.subscribeToRoundState(carol.pub);
  net.subscribeToCommitment(carol.pub);
  net.subscribeToAllocationState(bob.pub);
  assert.deepEqual(net.getSubscriptionStats(), { totalSubscriptions: 6, commitments: 2, allocationStates: 1, recognitionWeights: 1, roundStates: 2, uniqueParticipants: 2 });
  assert.deepEqual(net.getSubscribedParticipants().sort(), [bob.pub, carol.pub].sort());

  bob.net.initializeAllocationStores({ followAlgorithm: false });
  bob.net.myCommitmentStore.set(commitment(10));
  bob.net.myRecognitionWeightsStore.set({ [carol.pub]: 1 });
  carol.net.initializeAllocationStores({ followAlgorithm: false });
  carol.net.myCommitmentStore.set(commitment(20));
  await waitFor('alice to receive bob\'s and carol\'s data', [net.networkCommitments, net.networkRecognitionWeights], () =>
    net.networkCommitments.size === 2 && net.networkRecognitionWeights.has(bob.pub));

  net.unsubscribeFromParticipant(bob.pub);
  assert.equal(net.networkCommitments.has(bob.pub), false);
  assert.equal(net.networkRecognitionWeights.has(bob.pub), false);
  assert.deepEqual(net.getSubscriptionStats(), { totalSubscriptions: 2, commitments: 1, allocationStates: 0, recognitionWeights: 0, roundStates: 1, uniqueParticipants: 1 });
  net.unsubscribeFromParticipant(bob.pub); // again: nothing left to do
  net.unsubscribeFromParticipant('never-subscribed');
  assert.deepEqual(net.getSubscribedParticipants(), [carol.pub]);

  // Bob publishes again: carol, still subscribed, hears it; alice's map stays without him.
  carol.net.subscribeToCommitment(bob.pub);
  await waitFor('carol to receive bob\'s first commitment', [carol.net.networkCommitments], () => carol.net.networkCommitments.has(bob.pub));
  bob.net.myCommitmentStore.set(commitment(11));
  await waitFor('carol to receive bob\'s new commitment', [carol.net.networkCommitments], () =>
    carol.net.networkCommitments.get(bob.pub)?.residual_need === 11);
  assert.equal(net.networkCommitments.has(bob.pub), false);
  await finish(relay, [alice, bob, carol]);
  await visitor.peer.close();
});

test('the algorithm\'s subscriptions follow recognition: one-way becomes mutual, and partners leave', async () => {
  const relay = await createRelay({ port: 0 });
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((alias) => participant(relay, alias)));
  for (const { net } of [alice, bob, carol]) net.initializeAllocationStores();
  const kindsOf = (net, pub) => ['commitments', 'allocationStates', 'recognitionWeights', 'roundStates']
    .filter((kind) => ({ commitments: net.networkCommitments, allocationStates: net.networkAllocationStates,
      recognitionWeights: net.networkRecognitionWeights, roundStates: net.networkRoundStates })[kind].has(pub));
  const watch = (net) => [net.networkCommitments, net.networkAllocationStates, net.networkRecognitionWeights, net.networkRoundStates, net.myRecognitionWeightsStore];

  // Everyone publishes all four documents, so subscriptions are visible as data.
  for (const p of [alice, bob, carol]) {
    p.net.myCommitmentStore.set(commitment(100));
    p.net.myAllocationStateStore.set(allocationState(1));
    p.net.myRoundStateStore.set({ pubKey: p.pub, round: 0, vectorClock: {}, timestamp: T });
  }
  // alice → bob, carol; carol → alice (mutual with alice); bob → carol only.
  carol.net.myRecognitionWeightsStore.set({ [alice.pub]: 1 });
  bob.net.myRecognitionWeightsStore.set({ [carol.pub]: 1 });
  alice.net.myRecognitionWeightsStore.set({ [bob.pub]: 0.6, [carol.pub]: 0.4 });

  await waitFor('alice: carol mutual, bob a beneficiary', watch(alice.net), () => {
    const g = alice.net.getSubscriptionGroups();
    return g.mutual.join() === carol.pub && g.beneficiaries.join() === bob.pub && kindsOf(alice.net, carol.pub).length === 4
      && kindsOf(alice.net, bob.pub).length === 3;
  });
  assert.deepEqual(kindsOf(alice.net, bob.pub), ['commitments', 'recognitionWeights', 'roundStates'], 'no allocation state from a beneficiary');
  assert.deepEqual(alice.net.getSubscriptionStats(), { totalSubscriptions: 7, commitments: 2, allocationStates: 1, recognitionWeights: 2, roundStates: 2, uniqueParticipants: 2 });
  assert.equal(alice.net.getSubscriptionGroups().mr[carol.pub], 0.4);

  // Bob cannot know alice recognises him until she is named; then she is a provider.
  assert.deepEqual(bob.net.getSubscriptionGroups().providers, []);
  bob.net.subscribeToRecognitionWeights(alice.pub);
  await waitFor('bob: alice discovered as a provider', watch(bob.net), () =>
    bob.net.getSubscriptionGroups().providers.join() === alice.pub && kindsOf(bob.net, alice.pub).length === 4);

  // Bob recognises alice back: they are mutual on both sides.
  bob.net.myRecognitionWeightsStore.set({ [carol.pub]: 0.5, [alice.pub]: 0.5 });
  await waitFor('alice: bob becomes mutual and his allocation state arrives', watch(alice.net), () =>
    alice.net.getSubscriptionGroups().mutual.includes(bob.pub) && alice.net.networkAllocationStates.has(bob.pub));
  assert.deepEqual(alice.net.getSubscriptionGroups().mutual.sort(), [bob.pub, carol.pub].sort());
  assert.deepEqual(alice.net.getSubscriptionStats(), { totalSubscriptions: 8, commitments: 2, allocationStates: 2, recognitionWeights: 2, roundStates: 2, uniqueParticipants: 2 });
  assert.deepEqual(bob.net.getSubscriptionGroups().mutual, [alice.pub]);

  // Carol stops recognising alice: carol is only a beneficiary of alice now.
  carol.net.myRecognitionWeightsStore.set({ [bob.pub]: 1 });
  await waitFor('alice: carol drops to a beneficiary, her allocation state is let go', watch(alice.net), () =>
    alice.net.getSubscriptionGroups().beneficiaries.join() === carol.pub && !alice.net.networkAllocationStates.has(carol.pub));
  assert.equal(alice.net.getSubscriptionStats().allocationStates, 1);

  // Alice stops recognising carol too: carol leaves every group and every map.
  alice.net.myRecognitionWeightsStore.set({ [bob.pub]: 1 });
  assert.deepEqual(alice.net.getSubscribedParticipants(), [bob.pub], 'let go as soon as my weights change');
  assert.deepEqual(kindsOf(alice.net, carol.pub), []);

  // Unsubscribing by hand is respected by the algorithm until bob is named again.
  alice.net.unsubscribeFromParticipant(bob.pub);
  assert.deepEqual(alice.net.getSubscriptionStats(), zeroStats);
  alice.net.subscribeToCommitment(bob.pub);
  assert.equal(alice.net.getSubscriptionStats().uniqueParticipants, 1);
  await waitFor('alice: bob followed again in full', watch(alice.net), () => kindsOf(alice.net, bob.pub).length === 4);

  // Stopping the algorithm keeps what was asked for by hand.
  alice.net.stopFollowingAlgorithm();
  assert.deepEqual(alice.net.getSubscriptionStats(), { ...zeroStats, totalSubscriptions: 1, commitments: 1, uniqueParticipants: 1 });
  await finish(relay, [alice, bob, carol]);
});

test('deriveSubscriptionGroups: the groups from recognition alone', () => {
  const groups = deriveSubscriptionGroups('me', { me: 0.2, a: 0.5, b: 0.3 }, { a: { me: 0.1 }, b: { x: 1 }, c: { me: 0.4 }, d: { x: 1 } });
  assert.deepEqual(groups.mutual, ['a']);
  assert.deepEqual(groups.beneficiaries, ['b']);
  assert.deepEqual(groups.providers, ['c']);
  assert.deepEqual(groups.coordinators.sort(), ['a', 'b', 'c']);
  assert.equal(groups.mr.a, 0.1);
  assert.deepEqual(deriveSubscriptionGroups('me', null, {}).mutual, []);
});

test('cleanup writes what is pending, clears maps, stores and caches; the stores work again afterwards', async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
  const items = new Map();
  globalThis.localStorage = {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
  const relay = await createRelay({ port: 0 });
  const [alice, bob] = await Promise.all(['alice', 'bob'].map((alias) => participant(relay, alias)));
  try {
    const { net } = alice;
    net.initializeAllocationStores();
    bob.net.initializeAllocationStores({ followAlgorithm: false });
    bob.net.myCommitmentStore.set(commitment(5));
    net.myRecognitionWeightsStore.set({ [bob.pub]: 1 });
    net.myRoundStateStore.set({ pubKey: alice.pub, round: 1, vectorClock: {}, timestamp: T });
    await waitFor('alice to follow bob', [net.networkCommitments], () => net.networkCommitments.has(bob.pub));
    await Promise.all([net.myRecognitionWeightsStore.waitForPersistence(), net.myRoundStateStore.waitForPersistence()]);
    assert.equal(JSON.parse(items.get('holster_allocation/recognitionWeights_cache'))[bob.pub], 1);
    assert.equal(items.has('holster_allocation/roundState_cache'), false, 'the round state is never cached');

    net.myCommitmentStore.set(commitment(77)); // still waiting for the debounce when cleanup starts
    const heardCleared = [];
    const off = net.networkCommitments.subscribe((map) => heardCleared.push(map.size));
    await net.cleanupAllocationStores();
    off();
    assert.equal(heardCleared.at(-1), 0, 'subscribers heard the map empty');
    assert.deepEqual(net.getSubscriptionStats(), zeroStats);
    for (const map of [net.networkCommitments, net.networkAllocationStates, net.networkRecognitionWeights, net.networkRoundStates]) assert.equal(map.size, 0);
    for (const store of [net.myCommitmentStore, net.myAllocationStateStore, net.myRecognitionWeightsStore, net.myRoundStateStore]) assert.equal(get(store), null);
    assert.deepEqual(get(net.allocationErrors), []);
    assert.equal(net.isFollowingAlgorithm(), false);
    assert.deepEqual([...items.keys()].filter((key) => key.startsWith('holster_allocation/')), [], 'caches cleared');
    const stored = await alice.peer.user().get('allocation/commitment').next('residual_need').once();
    assert.equal(stored, '77', 'the pending write was made before cleanup');

    // Signed in again later: the same exported stores start afresh.
    net.initializeAllocationStores();
    net.myCommitmentStore.set(commitment(78));
    assert.equal(get(net.myCommitmentStore).residual_need, 78);
    assert.throws(() => net.myCommitmentStore.set(commitment(-1)), (error) => error.name === 'SchemaError');
    await net.myCommitmentStore.waitForPersistence();
    assert.equal(schemas.Commitment.safeParse(get(net.myCommitmentStore)).success, true);
  } finally {
    await finish(relay, [alice, bob]);
    if (saved) Object.defineProperty(globalThis, 'localStorage', saved);
    else delete globalThis.localStorage;
  }
});

// The declarations, resolved through the package name as an app would; a
// wrong type must be refused (an unused @ts-expect-error fails the check).
const typedUsage = `
import { get, derived } from 'svelte/store';
import { createPeer, computeTwoTierAllocation } from 'mutual-store';
import {
  createAllocationNetwork, myCommitmentStore, networkCommitments, getSubscriptionStats, subscribeToFullParticipant,
  getNetworkCommitmentsRecord, initializeAllocationStores, cleanupAllocationStores, allocationErrors,
  getSubscriptionGroups, type Commitment, type RoundState, type SubscriptionStats,
} from 'mutual-store/allocation';

const net = createAllocationNetwork({ peer: createPeer({ storage: 'memory' }) });
net.myCommitmentStore.set({ residual_need: 1, stated_need: 2, timestamp: 3 });
const round: RoundState | null = get(net.myRoundStateStore);
const mine: Commitment | null = get(myCommitmentStore);
const need = derived(networkCommitments, (map) => map.get('x')?.residual_need ?? 0);
for (const [pub, commitment] of networkCommitments) console.log(pub.length + commitment.residual_need);
const stats: SubscriptionStats = getSubscriptionStats();
subscribeToFullParticipant('x');
initializeAllocationStores({ followAlgorithm: false });
computeTwoTierAllocation('me', 10, 'default', getSubscriptionGroups().mr, {}, getNetworkCommitmentsRecord());
const done: Promise<void> = cleanupAllocationStores();
allocationErrors.subscribe((list) => list[0]?.pub.toUpperCase());
console.log(round, mine, need, stats, done, networkCommitments.size);
const loop = net.startAllocationLoop({ gossipIntervalMs: 1000, roundMs: Infinity, relaxation: 0.5 });
loop.status.subscribe(({ round, converged, allocation, history }) => console.log(round, converged, allocation?.timestamp, history[0]?.received));
const total: number = loop.received().total;
const mr: number | undefined = loop.mutualRecognition()['x'];
console.log(total, mr, net.getAllocationLoop() === loop);
// @ts-expect-error relaxation is a number
net.startAllocationLoop({ relaxation: 'half' });
// @ts-expect-error the maps are read-only
networkCommitments.set('x', mine);
// @ts-expect-error a need is a number
myCommitmentStore.set({ residual_need: 'x', stated_need: 2, timestamp: 3 });
// @ts-expect-error the stats have exactly the documented keys
console.log(getSubscriptionStats().pending);
`;

test('index.d.ts of mutual-store/allocation type-checks the documented usage and refuses wrong types', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'ms-allocation-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repo, join(dir, 'node_modules', 'mutual-store'));
    symlinkSync(join(repo, 'node_modules/svelte'), join(dir, 'node_modules', 'svelte'));
    writeFileSync(join(dir, 'usage.ts'), typedUsage);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false },
      files: ['usage.ts'],
    }));
    let output = '';
    try {
      execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    } catch (error) {
      output = String(error.stdout) + String(error.stderr);
    }
    assert.equal(output, '', output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
