// The demo page: worked examples computed live, and a seeded network
// simulation with a plot of total residual need per round and a comparison
// of the seed rule with water-filling on the same network.
import {
  computeAllMutualRecognition,
  computeTwoTierAllocation,
  computeDampingFactor,
  generateNetwork,
  simulate,
} from '/js/generated/bundle/api.js';
import { allocationExamples, dampingExamples } from './worked-examples.js';
import { drawSeries } from './residual-plot.js';
import { drawComparison } from './rule-comparison.js';
import { format, numberCell, numberSpan, headerRow } from './number-cells.js';

const byId = (id) => document.getElementById(id);

function showError(error) {
  const box = byId('error');
  box.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  box.hidden = false;
}

function clearError() {
  byId('error').hidden = true;
  byId('error').textContent = '';
}

function renderAllocationExample(example, capacity) {
  const mr = computeAllMutualRecognition(example.provider, example.weights, example.othersWeights);
  const state = computeTwoTierAllocation(
    example.provider, capacity, 'demo', mr, example.weights, example.commitments, example.filter,
  );
  const container = document.createElement('div');
  container.className = 'example';
  container.dataset.testid = example.id;
  const table = document.createElement('table');
  table.append(headerRow(['recipient', 'need', 'MR', 'mutual tier', 'leftover tier']));
  for (const recipient of Object.keys(example.commitments)) {
    const row = document.createElement('tr');
    row.append(Object.assign(document.createElement('td'), { textContent: recipient }));
    row.append(numberCell(`${example.id}-${recipient}-need`, example.commitments[recipient].residual_need));
    row.append(numberCell(`${example.id}-${recipient}-mr`, mr[recipient] ?? 0));
    row.append(numberCell(`${example.id}-${recipient}-mutual`, state.mutualAllocations.demo[recipient], 'mutual'));
    row.append(numberCell(`${example.id}-${recipient}-non-mutual`, state.nonMutualAllocations.demo[recipient], 'non-mutual'));
    table.append(row);
  }
  const leftover = leftoverSentence(example, capacity, state);
  const denominators = document.createElement('p');
  denominators.append('Denominators: mutual ');
  denominators.append(numberSpan(`${example.id}-d1`, state.mutualDenominator.demo));
  denominators.append(', leftover ');
  denominators.append(numberSpan(`${example.id}-d2`, state.nonMutualDenominator.demo));
  container.append(
    Object.assign(document.createElement('h3'), { textContent: example.title }),
    Object.assign(document.createElement('p'), { textContent: `${example.text} Capacity ${format.format(capacity)}.` }),
    table,
    leftover,
    denominators,
  );
  return container;
}

// Where the capacity the mutual partners do not take goes: to one-way
// recognition (the leftover tier), or it stays with the provider.
function leftoverSentence(example, capacity, state) {
  const sum = (amounts) => Object.values(amounts).reduce((a, b) => a + b, 0);
  const toOneWay = state.nonMutualAllocations.demo;
  const left = Math.max(0, capacity - sum(state.mutualAllocations.demo));
  const idle = Math.max(0, left - sum(toOneWay));
  const paragraph = document.createElement('p');
  paragraph.dataset.testid = `${example.id}-leftover`;
  paragraph.dataset.value = String(left);
  const names = Object.keys(toOneWay).join(' and ');
  const parts = [`Mutual partners take ${format.format(capacity - left)}; the leftover ${format.format(left)} `];
  parts.push(names ? `goes to ${names}, who ${example.provider} recognises one-way` : 'has no one-way recipient');
  if (idle > 1e-9) parts.push(`; ${format.format(idle)} stays with ${example.provider}: the shares, each capped at its recipient's need, add up to less`);
  paragraph.textContent = `${parts.join('')}.`;
  return paragraph;
}

function renderDampingExample() {
  const container = document.createElement('div');
  container.className = 'example';
  container.dataset.testid = 'damping';
  const table = document.createElement('table');
  table.append(headerRow(['over-allocation history', 'damping factor']));
  dampingExamples.forEach((history, i) => {
    const row = document.createElement('tr');
    row.append(Object.assign(document.createElement('td'), { textContent: `[${history.join(', ')}]` }));
    row.append(numberCell(`damping-${i}`, computeDampingFactor(history)));
    table.append(row);
  });
  container.append(
    Object.assign(document.createElement('h3'), { textContent: '5 · Damping of oscillating recipients' }),
    Object.assign(document.createElement('p'), { textContent: 'A zig-zag halves the active need; a steady rise keeps 80%.' }),
    table,
  );
  return container;
}

function renderExamples() {
  const capacityInput = byId('example1-capacity');
  const capacity = capacityInput.value === '' ? NaN : Number(capacityInput.value);
  const [first, ...rest] = allocationExamples;
  const rendered = [renderAllocationExample(first, capacity)];
  for (const example of rest) rendered.push(renderAllocationExample(example, example.capacity));
  rendered.push(renderDampingExample());
  byId('examples').replaceChildren(...rendered);
}

function readForm(form) {
  const values = Object.fromEntries(new FormData(form));
  return Object.fromEntries(Object.entries(values).map(([key, text]) => [key, text === '' ? NaN : Number(text)]));
}

function runSimulation(form) {
  const { n, k, seed, maxRounds, relaxation } = readForm(form);
  const network = generateNetwork({ n, k, seed });
  const started = performance.now();
  const result = simulate(network, { maxRounds, relaxation, trace: true });
  const elapsed = performance.now() - started;
  const waterFill = simulate(network, { rule: 'water-filling', maxRounds, trace: true });
  const edges = Object.values(network.weights).reduce((sum, row) => sum + Object.keys(row).length, 0);
  const totals = result.trace.totalResidual;
  const show = (testId, value, text = format.format(value)) => {
    const cell = document.querySelector(`[data-testid="${testId}"]`);
    cell.dataset.value = String(value);
    cell.textContent = text;
  };
  show('sim-rounds', result.rounds);
  show('sim-max-delta', result.maxDelta);
  show('sim-final-residual', totals[totals.length - 1] ?? 0);
  show('sim-edges', edges);
  show('sim-time', elapsed, `${elapsed.toFixed(1)} ms`);
  document.querySelector('[data-testid="simulation-results"]').hidden = false;
  drawSeries(byId('residual-plot'), totals);
  drawComparison({ seed: result, waterFill, relaxation }, byId('comparison-plot'), byId('comparison-caption'));
}

// Runs a user action; a bad input shows its error on the page and leaves
// the previous results as they were.
function guarded(action) {
  return (event) => {
    event?.preventDefault();
    try {
      action(event);
      clearError();
    } catch (error) {
      showError(error);
    }
  };
}

byId('example1-capacity').addEventListener('input', guarded(renderExamples));
byId('network-form').addEventListener('submit', guarded((event) => runSimulation(event.target)));
guarded(renderExamples)();
byId('status').textContent = 'Core loaded. Examples computed by WebAssembly.';
byId('status').dataset.ready = 'true';
