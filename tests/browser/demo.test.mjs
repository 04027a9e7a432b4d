// The web demo in Chromium: the numbers it shows must be the oracle's for
// the same inputs, bad input must show an error on the page, and the page
// must never log an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer } from '../../js/relay/demo-server.js';
import { allocationExamples, dampingExamples } from '../../web-demo/worked-examples.js';
import { assertClose } from '../js/support/close.mjs';
import * as oracle from '../oracle/allocation.mjs';
import { simulateWaterFilling } from '../oracle/water-filling.mjs';
import { launchChromium, openPage, valueOf, waitForSelector } from './support/chromium.mjs';

let server;
let browser;
let page;
let problems;

before(async () => {
  server = await startDemoServer({ port: 0 });
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser, server.url));
  await waitForSelector(page, '[data-testid="status"][data-ready="true"]', problems);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function oracleAllocation(example, capacity = example.capacity) {
  const mr = oracle.computeAllMutualRecognition(example.provider, example.weights, example.othersWeights);
  return { mr, state: oracle.computeTwoTierAllocation(example.provider, capacity, 'demo', mr, example.weights, example.commitments, example.filter) };
}

async function assertExampleShown(example, capacity) {
  const { mr, state } = oracleAllocation(example, capacity);
  for (const recipient of Object.keys(example.commitments)) {
    assertClose(await valueOf(page, `${example.id}-${recipient}-mr`), mr[recipient] ?? 0, 1e-9, `${example.id} MR ${recipient}`);
    for (const [tier, allocations] of [['mutual', state.mutualAllocations.demo], ['non-mutual', state.nonMutualAllocations.demo]]) {
      const cell = `[data-testid="${example.id}-${recipient}-${tier}"]`;
      if (recipient in allocations) {
        assertClose(await valueOf(page, `${example.id}-${recipient}-${tier}`), allocations[recipient], 1e-9, `${example.id} ${tier} ${recipient}`);
      } else {
        assert.equal(await page.getAttribute(cell, 'data-value'), null, `${example.id}: ${recipient} must get nothing in the ${tier} tier`);
      }
    }
  }
  assertClose(await valueOf(page, `${example.id}-d1`), state.mutualDenominator.demo, 1e-9, `${example.id} D1`);
  assertClose(await valueOf(page, `${example.id}-d2`), state.nonMutualDenominator.demo, 1e-9, `${example.id} D2`);
}

// Each test sets the capacity it reads, whatever an earlier test left.
async function showExample1WithCapacity(capacity) {
  await page.fill('[data-testid="example1-capacity"]', String(capacity));
  const shown = `Capacity ${capacity.toLocaleString('en')}.`; // as the page formats it
  await page.waitForFunction((text) => document.querySelector('[data-testid="ex1"]').textContent.includes(text), shown);
}

test('the worked examples show the oracle allocations', async () => {
  await showExample1WithCapacity(allocationExamples[0].capacity);
  for (const example of allocationExamples) await assertExampleShown(example);
  for (const [i, history] of dampingExamples.entries()) {
    assert.equal(await valueOf(page, `damping-${i}`), oracle.computeDampingFactor(history), `damping of [${history}]`);
  }
});

test('the examples are the specification\'s numbers', async () => {
  // Guards against the demo's inputs drifting from allocation.md.
  await showExample1WithCapacity(1000);
  assertClose(await valueOf(page, 'ex1-R1-mutual'), 500);
  assertClose(await valueOf(page, 'ex1-R2-mutual'), 1000 / 3);
  assertClose(await valueOf(page, 'ex1-R4-non-mutual'), 125 / 3);
  assertClose(await valueOf(page, 'ex3-bob-mutual'), 4000 / 9);
  assertClose(await valueOf(page, 'ex4-R3-mutual'), 60000 / 310);
  assert.equal(await valueOf(page, 'damping-3'), 0.8);
});

test('changing the capacity recomputes example 1 live', async () => {
  await showExample1WithCapacity(400);
  await assertExampleShown(allocationExamples[0], 400);
});

test('a bad capacity shows an error naming it and keeps the last results', async () => {
  await showExample1WithCapacity(400);
  await page.fill('[data-testid="example1-capacity"]', '-5');
  const error = page.locator('[data-testid="error"]');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /RangeError: .*capacity/);
  await assertExampleShown(allocationExamples[0], 400);
  await page.fill('[data-testid="example1-capacity"]', '1000');
  await error.waitFor({ state: 'hidden' });
});

async function runSimulation(options) {
  for (const [name, value] of Object.entries(options)) await page.fill(`[name="${name}"]`, String(value));
  await page.evaluate(() => {
    for (const id of ['sim-rounds', 'sim-max-delta']) delete document.querySelector(`[data-testid="${id}"]`).dataset.value;
    const caption = document.querySelector('[data-testid="comparison-caption"]');
    caption.textContent = '';
    delete caption.dataset.waterFillSettledAt;
  });
  await page.click('[data-testid="run-simulation"]');
}

test('a simulation shows the oracle\'s rounds, maxDelta and residual need, and plots every round', async () => {
  const options = { n: 300, k: 12, seed: 7, maxRounds: 15, relaxation: 0.5 };
  await runSimulation(options);
  await waitForSelector(page, '[data-testid="sim-rounds"][data-value]', problems);
  const expected = oracle.simulate(oracle.generateNetwork(options), options);
  const finalResidual = Object.values(expected.commitments).reduce((sum, c) => sum + c.residual_need, 0);
  assert.equal(await valueOf(page, 'sim-rounds'), expected.rounds);
  assertClose(await valueOf(page, 'sim-max-delta'), expected.maxDelta, 1e-9, 'maxDelta');
  assertClose(await valueOf(page, 'sim-final-residual'), finalResidual, 1e-9, 'total residual need');
  const points = await page.getAttribute('[data-testid="residual-line"]', 'points');
  assert.equal(points.trim().split(/\s+/).length, expected.rounds, 'one plotted point per round');
});

const pointsOf = async (testId) => (await page.getAttribute(`[data-testid="${testId}"]`, 'points')).trim().split(/\s+/)
  .map((point) => point.split(',').map(Number));

test('the simulation compares the seed rule and water-filling on the same network, in one plot', async () => {
  const options = { n: 300, k: 12, seed: 7, maxRounds: 15, relaxation: 0.5 };
  await runSimulation(options);
  await waitForSelector(page, '[data-testid="comparison-caption"][data-water-fill-settled-at]', problems);
  const network = oracle.generateNetwork(options);
  const seed = oracle.simulate(network, options);
  const waterFill = simulateWaterFilling(network, { maxRounds: options.maxRounds });
  assert.ok(waterFill.convergedAt !== null && seed.maxDelta >= oracle.CONVERGENCE_EPSILON, 'a network where only water-filling settles');
  assert.equal(
    await page.textContent('[data-testid="comparison-caption"]'),
    `Water-filling settled in ${waterFill.convergedAt} rounds; the seed rule (relaxation ${options.relaxation}) had not settled `
      + `after ${seed.rounds} rounds `
      + `(maxDelta ${seed.maxDelta.toPrecision(3)}).`,
  );
  const seedPoints = await pointsOf('compare-seed-line');
  const waterFillPoints = await pointsOf('compare-water-fill-line');
  assert.equal(seedPoints.length, seed.rounds, 'one seed point per round');
  assert.equal(waterFillPoints.length, waterFill.convergedAt, 'one water-filling point per round until it settled');
  // SVG y grows downwards: water-filling ends far below where the seed rule ends.
  assert.ok(waterFillPoints.at(-1)[1] > seedPoints.at(-1)[1], 'water-filling ends with the smaller change');
  assert.deepEqual(problems, []);
});

test('the simulation section fits a phone\'s width (390 px) and a desktop\'s (1280 px)', async () => {
  const section = page.locator('section[aria-labelledby="network-title"]');
  // Set DEMO_SCREENSHOT_DIR to look at the section at both widths.
  const screenshots = process.env.DEMO_SCREENSHOT_DIR;
  try {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await section.evaluate((node) => {
        const right = node.getBoundingClientRect().right;
        const wider = [...node.querySelectorAll('*')].filter((child) => child.getBoundingClientRect().right > right + 0.5);
        return {
          right,
          viewport: document.documentElement.clientWidth,
          wider: wider.map((child) => child.dataset.testid || child.id || child.tagName),
        };
      });
      assert.deepEqual(overflow.wider, [], `nothing sticks out of the section at ${width} px`);
      assert.ok(overflow.right <= overflow.viewport, `the section fits the ${width} px viewport`);
      if (screenshots) await section.screenshot({ path: `${screenshots}/demo-simulation-${width}.png` });
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});

test('an invalid network size shows an error instead of results', async () => {
  await runSimulation({ n: -3 });
  const error = page.locator('[data-testid="error"]');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /\bn\b/);
  assert.equal(await page.getAttribute('[data-testid="sim-rounds"]', 'data-value'), null);
});

test('the page logged no errors', () => {
  assert.deepEqual(problems, []);
});
