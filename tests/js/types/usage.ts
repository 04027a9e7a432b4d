// Compiled by types.test.mjs with `tsc --noEmit --strict`: the declarations
// must accept the documented usage and reject wrong types.
import {
  computeTwoTierAllocation,
  generateNetwork,
  simulate,
  updateCommitmentDamping,
  compareVectorClocks,
  type TwoTierAllocationState,
} from 'mutual-store';

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

const updated = updateCommitmentDamping({ stated_need: 10, residual_need: 5, note: 'kept' }, 12);
const factor: number = updated.damping_factor;
const order: 1 | 0 | -1 = compareVectorClocks({ a: 1 }, { b: 2 });

// @ts-expect-error capacity must be a number
computeTwoTierAllocation('provider', '1000', 'default', {}, {}, {});

export { total, rounds, residuals, factor, order };
