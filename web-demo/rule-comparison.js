// The seed rule and water-filling on the same network: their largest change
// per round (maxDelta) on one log-scale plot, and a caption saying which
// settled and when.
import { CONVERGENCE_EPSILON } from '/js/generated/bundle/api.js';
import { drawLines } from './residual-plot.js';

function settledText(name, rounds, settledAt, lastDelta) {
  return settledAt === null
    ? `${name} had not settled after ${rounds} rounds (maxDelta ${lastDelta.toPrecision(3)})`
    : `${name} settled in ${settledAt} rounds`;
}

/** Draws two traced `simulate` results, one per rule, in `svg` and says the outcome in `caption`. */
export function drawComparison({ seed, waterFill, relaxation }, svg, caption) {
  // The seed loop stops early exactly when its last change fell below epsilon.
  const seedSettledAt = seed.maxDelta < CONVERGENCE_EPSILON ? seed.rounds : null;
  drawLines(svg, [
    { values: seed.trace.maxDelta, kind: 'seed', testId: 'compare-seed-line' },
    { values: waterFill.trace.maxDelta, kind: 'water-fill', testId: 'compare-water-fill-line' },
  ], { log: true });
  caption.dataset.seedSettledAt = String(seedSettledAt);
  caption.dataset.waterFillSettledAt = String(waterFill.convergedAt);
  caption.textContent = `${settledText('Water-filling', waterFill.rounds, waterFill.convergedAt, waterFill.maxDelta)}; `
    + `${settledText(`the seed rule (relaxation ${relaxation})`, seed.rounds, seedSettledAt, seed.maxDelta)}.`;
}
