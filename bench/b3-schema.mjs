// B3: schemas.Commitment.safeParse on commitments with 1,000 mr_values
// entries, valid and invalid, against Zod v4 with an equivalent schema.
import { z } from 'zod';
import { schemas } from '../js/index.js';
import { timePerCall, format } from './stats.mjs';

const share = z.number().min(0).max(1);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const nonNegative = z.number().min(0);
const ZodCommitment = z.object({
  residual_need: nonNegative,
  stated_need: nonNegative,
  capacity: nonNegative.optional(),
  mr_values: z.record(z.string(), share).optional(),
  recognition_weights: z.record(z.string(), share).optional(),
  capacity_filters: z.record(z.string(), z.object({
    filter_fn: z.enum(['all', 'any']),
    required_attributes: z.record(z.string(), z.union([scalar, z.array(scalar)])).optional(),
  }).strict()).optional(),
  damping_factor: share.optional(),
  over_allocation_history: z.array(nonNegative).max(3).optional(),
  attributes: z.record(z.string(), z.union([scalar, z.array(scalar)])).optional(),
  timestamp: z.number().int().positive(),
  vectorClock: z.record(z.string(), z.number().int().min(0)).optional(),
  round: z.number().int().min(0).optional(),
});

function commitment(entries, seed) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const mr = {};
  // Public keys are 43-character base64url strings in this project.
  for (let i = 0; i < entries; i++) mr[`${i.toString(36).padStart(8, '0')}${'k'.repeat(35)}`] = random();
  return {
    residual_need: 500, stated_need: 1000, capacity: 200, mr_values: mr, recognition_weights: { a: 0.5, b: 0.5 },
    damping_factor: 0.8, over_allocation_history: [1, 2, 3], attributes: { location: 'SF' }, timestamp: 1732000000000,
  };
}

export function runB3() {
  const rows = [];
  const mismatches = [];
  const valid = commitment(1000, 1);
  const invalid = commitment(1000, 2);
  const keys = Object.keys(invalid.mr_values);
  invalid.mr_values[keys[10]] = 1.5;
  invalid.mr_values[keys[500]] = -1;
  invalid.mr_values[keys[900]] = 'x';
  for (const [label, doc] of [['valid', valid], ['invalid (3 bad entries)', invalid]]) {
    const ours = schemas.Commitment.safeParse(doc);
    const theirs = ZodCommitment.safeParse(doc);
    const issues = (result) => (result.success ? [] : result.error.issues.map((i) => JSON.stringify(i.path)).sort());
    if (ours.success !== theirs.success || JSON.stringify(issues(ours)) !== JSON.stringify(issues(theirs))) {
      mismatches.push(`B3 ${label}: we and Zod disagree`);
    }
    const oursUs = timePerCall(() => schemas.Commitment.safeParse(doc), { batch: 100 });
    const theirUs = timePerCall(() => ZodCommitment.safeParse(doc), { batch: 100 });
    rows.push({
      id: 'B3',
      workload: `Commitment.safeParse, 1,000 mr_values, ${label}`,
      ours: format.us(oursUs),
      baseline: `${format.us(theirUs)} (Zod ${z.version ?? 4})`,
      ratio: format.ratio(theirUs / oursUs),
      required: '≥ 1x (goal 3x)',
      status: theirUs / oursUs >= 1 ? 'pass' : 'FAIL',
      values: { oursUs, theirUs, ratio: theirUs / oursUs },
    });
  }
  return { rows, mismatches };
}
