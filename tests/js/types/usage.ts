// Compiled by types.test.mjs with `tsc --noEmit --strict`: the declarations
// must accept the documented usage and reject wrong types.
import {
  computeTwoTierAllocation,
  generateNetwork,
  simulate,
  centralAllocation,
  updateCommitmentDamping,
  compareVectorClocks,
  STALE_THRESHOLD_MS,
  type TwoTierAllocationState,
  type CapacityFilter,
  type AllocationOffer,
} from 'mutual-store';

// The constants and the built-in schemas' types are generated from the core.
const stale: 60000 = STALE_THRESHOLD_MS;
const offer: AllocationOffer = { tier: 1, weight: 0.5, amount: 10 };
const filter: CapacityFilter = { filter_fn: 'any', required_attributes: { skills: ['cook', 5] } };
const filtered: Commitment = { residual_need: 1, stated_need: 2, timestamp: 3, capacity_filters: { food: filter } };
// @ts-expect-error a commitment needs its stated need
const incomplete: Commitment = { residual_need: 1, timestamp: 3 };
// @ts-expect-error filter_fn names a registered predicate
const unknownPredicate: CapacityFilter = { filter_fn: 'eval' };
void [stale, offer, filtered, incomplete, unknownPredicate];

const state: TwoTierAllocationState = computeTwoTierAllocation(
  'provider', 1000, 'default',
  { alice: 0.4 }, { alice: 0.4, bob: 0.6 },
  { alice: { residual_need: 500 }, bob: { residual_need: 200, damping_factor: 0.8 } },
  { filter_fn: 'all', required_attributes: { location: 'SF' } },
);
const total: number = state.mutualAllocations.default.alice;

const result = simulate(generateNetwork({ n: 100, k: 5, seed: 1 }), { maxRounds: 5, trace: true });
const rounds: number = result.rounds;
const residuals: number[] | undefined = result.trace?.totalResidual;

const settled = simulate(generateNetwork({ n: 100, k: 5 }), { rule: 'water-filling', schedule: 'merged', trace: true });
const convergedAt: number | null = settled.convergedAt;
const given: number | undefined = settled.allocations.p0?.tier1.p1;
const direct: number | undefined = centralAllocation(generateNetwork({ n: 10, k: 2 })).p0?.tier2.p3;
// @ts-expect-error schedules are 'phased' or 'merged'
simulate(generateNetwork({ n: 10, k: 2 }), { rule: 'water-filling', schedule: 'fast' });

const updated = updateCommitmentDamping({ stated_need: 10, residual_need: 5, note: 'kept' }, 12);
const factor: number = updated.damping_factor;
const order: 1 | 0 | -1 = compareVectorClocks({ a: 1 }, { b: 2 });

// @ts-expect-error capacity must be a number
computeTwoTierAllocation('provider', '1000', 'default', {}, {}, {});

export { total, rounds, residuals, factor, order };

import { schemas, defineSchema, withTimestamp, SchemaError, type Commitment } from 'mutual-store';
import { z } from 'zod';

const checked = schemas.Commitment.safeParse({ residual_need: 1, stated_need: 2, timestamp: 3 });
if (checked.success) {
  const need: number = checked.data.residual_need;
} else {
  const firstPath: Array<string | number> = checked.error.issues[0].path;
}
const commitment: Commitment = schemas.Commitment.parse({});
const Point = defineSchema(z.object({ x: z.number(), y: z.number() }));
const x: number = Point.parse({ x: 1, y: 2 }).x;
const stamped = withTimestamp(Point).parse({ _updatedAt: 1, data: { x: 1, y: 2 } });
const updatedAt: number = stamped._updatedAt;
const fromJson = defineSchema<{ name: string }>({ type: 'object', properties: { name: { type: 'string' } } });
const error: SchemaError = new Error() as SchemaError;

// @ts-expect-error a Point has no z
Point.parse({}).z;

import { createPeer } from 'mutual-store';
const graphPeer = createPeer({ storage: 'memory', passwordCost: 'test' });
async function peerUsage() {
  await graphPeer.get('chat').next('room1').put({ topic: 'hi' });
  const off: () => void = graphPeer.get('chat').next('room1').on((value) => value, { get: true });
  const key: string = await graphPeer.get('chat').next('log').put('entry', true);
  const who = await graphPeer.user().auth('alice', 'pw');
  const pub: string = who.pub;
  await graphPeer.user().get([pub, 'profile']).once();
  // @ts-expect-error arrays are not graph values
  await graphPeer.get('x').put({ list: [1, 2] });
}

import { createHolsterStore } from 'mutual-store';
const commitmentStore = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, cacheable: true });
commitmentStore.set({ residual_need: 1, stated_need: 2, timestamp: 3 });
commitmentStore.subscribe((value) => value?.residual_need);
// @ts-expect-error a commitment's need is a number
commitmentStore.set({ residual_need: 'lots', stated_need: 2, timestamp: 3 });

async function presenceAndStatus() {
  graphPeer.presence.set({ status: 'here' });
  const offPresence: () => void = graphPeer.presence.subscribe((online) => Object.entries(online).map(([pub, state]) => `${pub}: ${String(state.status)}`));
  graphPeer.presence.clear();
  graphPeer.status.subscribe((status) => status.unreachable || status.relays.some((relay) => relay.open) || status.bytesIn + status.bytesOut);
  await graphPeer.synced({ timeout: 5000 });
  // @ts-expect-error a presence state is an object
  graphPeer.presence.set('here');
}
