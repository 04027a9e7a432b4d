// B2: one computeTwoTierAllocation call with 1,000 recipients, plain JS
// objects in and out, against the plain-JS implementation (tests/oracle) with
// the same inputs.
import { computeTwoTierAllocation } from '../js/index.js';
import * as plainJs from '../tests/oracle/allocation.mjs';
import { timePerCall, firstDifference, format } from './stats.mjs';

// 1,000 recipients: about half mutual, all recognised, with damping and attributes.
function inputs(count, seed) {
  const rand = plainJs.prng(seed);
  const mrValues = {};
  const weights = {};
  const commitments = {};
  for (let i = 0; i < count; i++) {
    const pub = `pub${i.toString(36).padStart(6, '0')}`;
    if (rand() < 0.5) mrValues[pub] = rand() * 0.01;
    weights[pub] = rand() * 0.01;
    commitments[pub] = {
      residual_need: Math.round(rand() * 1000),
      stated_need: 1000,
      damping_factor: [0.5, 0.8, 1][Math.floor(rand() * 3)],
      attributes: { location: rand() < 0.7 ? 'SF' : 'NYC' },
      timestamp: 1,
    };
  }
  return { mrValues, weights, commitments };
}

function withoutTimestamp({ timestamp, ...rest }) {
  return rest;
}

export function runB2() {
  const rows = [];
  const mismatches = [];
  const { mrValues, weights, commitments } = inputs(1000, 7);
  const cases = [
    ['1,000 recipients', undefined],
    ['1,000 recipients, capacity filter', { filter_fn: 'all', required_attributes: { location: 'SF' } }],
  ];
  for (const [label, filter] of cases) {
    const call = (fn) => () => fn('provider', 5000, 'default', mrValues, weights, commitments, filter);
    const difference = firstDifference(
      withoutTimestamp(call(computeTwoTierAllocation)()),
      withoutTimestamp(call(plainJs.computeTwoTierAllocation)()),
    );
    if (difference) mismatches.push(`B2 ${label}: ${difference}`);
    // Alternate the two sides twice so drift in machine load hits both.
    const oursUs = Math.min(timePerCall(call(computeTwoTierAllocation)), timePerCall(call(computeTwoTierAllocation)));
    const theirUs = Math.min(timePerCall(call(plainJs.computeTwoTierAllocation)), timePerCall(call(plainJs.computeTwoTierAllocation)));
    rows.push({
      id: 'B2',
      workload: `computeTwoTierAllocation, ${label}`,
      ours: format.us(oursUs),
      baseline: format.us(theirUs),
      ratio: format.ratio(theirUs / oursUs),
      // The spec's B2 is the call without a filter; the filtered call is reported for information.
      required: filter ? '—' : '≥ 1x (goal 2x)',
      status: filter ? 'info' : theirUs / oursUs >= 1 && !difference ? 'pass' : 'FAIL',
      values: { oursUs, theirUs, ratio: theirUs / oursUs, identical: !difference },
    });
  }
  return { rows, mismatches };
}
