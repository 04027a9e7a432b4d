// The worked examples of the allocation specification, as plain data (no
// imports), so the page renders them and the browser test checks them
// against the reference from the same inputs.

const needs = (entries) =>
  Object.fromEntries(Object.entries(entries).map(([pub, need]) => [pub, { residual_need: need, stated_need: need, timestamp: 1 }]));

/**
 * Each allocation example: provider `P` with `weights` gives `capacity`;
 * `othersWeights` are the recipients' weights (for mutual recognition) and
 * `commitments` their needs; `filter` restricts who may receive.
 */
export const allocationExamples = [
  {
    id: 'ex1',
    title: '1 · Mutual partners first, leftovers to one-way recognition',
    text: 'P recognises R1–R4; only R1 and R2 recognise P back.',
    provider: 'P',
    capacity: 1000,
    weights: { R1: 0.4, R2: 0.3, R3: 0.2, R4: 0.1 },
    othersWeights: { R1: { P: 0.5 }, R2: { P: 0.25 }, R3: {}, R4: {} },
    commitments: needs({ R1: 500, R2: 400, R3: 300, R4: 200 }),
  },
  {
    id: 'ex2',
    title: '2 · Mutual needs capped, more left over',
    text: 'As example 1, but R1 needs 300 and R2 needs 200.',
    provider: 'P',
    capacity: 1000,
    weights: { R1: 0.4, R2: 0.3, R3: 0.2, R4: 0.1 },
    othersWeights: { R1: { P: 0.5 }, R2: { P: 0.25 }, R3: {}, R4: {} },
    commitments: needs({ R1: 300, R2: 200, R3: 300, R4: 200 }),
  },
  {
    id: 'ex3',
    title: '3 · Self-recognition',
    text: 'alice recognises herself 30%; bob and carol recognise alice 60% and 20%.',
    provider: 'alice',
    capacity: 1000,
    weights: { alice: 0.3, bob: 0.4, carol: 0.3 },
    othersWeights: { bob: { alice: 0.6 }, carol: { alice: 0.2 } },
    commitments: needs({ alice: 500, bob: 500, carol: 500 }),
  },
  {
    id: 'ex4',
    title: '4 · A capacity filter: location must be SF',
    text: 'R2 is in NYC and gets nothing; the others share its part.',
    provider: 'P',
    capacity: 1000,
    weights: { R1: 0.5, R2: 0.3, R3: 0.2 },
    othersWeights: { R1: { P: 0.5 }, R2: { P: 0.3 }, R3: { P: 0.2 } },
    commitments: {
      R1: { residual_need: 500, stated_need: 500, timestamp: 1, attributes: { location: 'SF' } },
      R2: { residual_need: 400, stated_need: 400, timestamp: 1, attributes: { location: 'NYC' } },
      R3: { residual_need: 300, stated_need: 300, timestamp: 1, attributes: { location: 'SF' } },
    },
    filter: { filter_fn: 'all', required_attributes: { location: 'SF' } },
  },
];

/** Damping: over-allocation histories and the factor each gives. */
export const dampingExamples = [[100, 200, 150], [200, 100, 150], [300, 200, 100], [100, 150, 200], [5]];
