// Drawing the live network: plain DOM, rebuilt from data each time (except
// the recognition inputs, which keep what the person typed). Every number
// carries its exact value in data-value.
import { format, numberCell, numberSpan, headerRow } from './number-cells.js';
import { drawLines } from './residual-plot.js';

export const shortPub = (pub) => `${pub.slice(0, 8)}…`;

const text = (tag, content, attributes = {}) => Object.assign(document.createElement(tag), { textContent: content }, attributes);

/** How to call `pub`: its alias in the directory, else its short key. */
export function namer(directory, myPub) {
  const aliases = new Map(directory.map((entry) => [entry.pub, entry.alias]));
  return (pub) => `${aliases.get(pub) ?? shortPub(pub)}${pub === myPub ? ' (me)' : ''}`;
}

export function renderConnection({ connected, directChannels, pendingWrites }) {
  const state = document.getElementById('connection-state');
  state.dataset.value = connected ? 'connected' : 'offline';
  state.textContent = connected ? 'connected' : 'offline — reconnecting';
  state.className = connected ? 'ok' : 'warn';
  for (const [id, value] of [['direct-channels', directChannels], ['pending-writes', pendingWrites]]) {
    const cell = document.getElementById(id);
    cell.dataset.value = String(value);
    cell.textContent = String(value);
  }
}

/**
 * The participants table, one row per directory entry (and per pub I
 * recognise that is not listed). Rows are kept, never rebuilt, and only
 * moved when the order changes, so what is being typed in them survives
 * every update (detaching a row, even to put it back at once, takes the
 * focus from its input and the next keys go nowhere); a new row starts
 * from my published weight.
 */
export function renderParticipants(tbody, { directory, online = new Set(), myPub, myWeights, networkWeights }) {
  const name = namer(directory, myPub);
  const listed = new Map(directory.map((entry) => [entry.pub, entry]));
  const pubs = [...new Set([myPub, ...listed.keys(), ...Object.keys(myWeights ?? {})])];
  pubs.sort((a, b) => (a === myPub ? -1 : b === myPub ? 1 : name(a).localeCompare(name(b))));
  const rows = new Map([...tbody.children].map((row) => [row.dataset.pub, row]));
  const ordered = pubs.map((pub) => {
    let row = rows.get(pub);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.testid = 'directory-entry';
      row.dataset.pub = pub;
      const input = Object.assign(document.createElement('input'), { type: 'number', min: 0, max: 100, step: 'any', className: 'percent' });
      input.dataset.testid = `weight-${pub}`;
      input.dataset.pub = pub;
      const share = myWeights?.[pub];
      if (share !== undefined) input.value = String(+(share * 100).toFixed(9));
      const cell = document.createElement('td');
      cell.append(input, ' %');
      row.append(text('td', ''), text('td', shortPub(pub), { title: pub }), cell, text('td', ''));
    }
    row.dataset.alias = listed.get(pub)?.alias ?? '';
    row.dataset.online = String(online.has(pub));
    row.cells[0].title = online.has(pub) ? 'online now' : '';
    row.cells[0].textContent = name(pub);
    row.cells[0].className = listed.has(pub) ? '' : 'muted';
    const theirs = pub === myPub ? undefined : networkWeights.get(pub)?.[myPub];
    const theirsCell = numberCell(`recognises-me-${pub}`, theirs);
    if (theirs !== undefined) theirsCell.textContent = `${format.format(theirs * 100)} %`;
    row.cells[3].replaceWith(theirsCell);
    return row;
  });
  const focused = tbody.contains(document.activeElement) ? document.activeElement : null;
  ordered.forEach((row, i) => {
    if (tbody.children[i] !== row) tbody.insertBefore(row, tbody.children[i] ?? null);
  });
  while (tbody.children.length > ordered.length) tbody.lastElementChild.remove();
  if (focused?.isConnected && document.activeElement !== focused) focused.focus(); // its row had to move
}

export function renderWeightsTotal(total) {
  const cell = document.getElementById('weights-total');
  cell.dataset.value = String(total);
  cell.textContent = Number.isFinite(total) ? `${format.format(total)} %` : 'not a number';
  cell.className = Math.abs(total - 100) <= 1e-9 ? 'ok' : 'warn';
}

export function renderPublishedWeights(weights, name) {
  const target = document.getElementById('published-weights');
  const entries = Object.entries(weights ?? {});
  if (!entries.length) {
    target.replaceChildren('nothing yet');
    return;
  }
  const parts = [];
  for (const [pub, share] of entries) {
    if (parts.length) parts.push(', ');
    const span = numberSpan(`published-weight-${pub}`, share);
    span.textContent = `${format.format(share * 100)} %`;
    parts.push(`${name(pub)} `, span);
  }
  target.replaceChildren(...parts);
}

const pairsText = (pairs) => Object.entries(pairs).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v}`).join(', ');

export function renderPublishedCommitment(commitment, capacityId) {
  const target = document.getElementById('published-commitment');
  if (!commitment) {
    target.replaceChildren('nothing yet');
    return;
  }
  const filter = commitment.capacity_filters?.[capacityId]?.required_attributes;
  target.replaceChildren(
    'stated need ', numberSpan('published-need', commitment.stated_need),
    ', capacity ', numberSpan('published-capacity', commitment.capacity),
    `, attributes ${commitment.attributes ? pairsText(commitment.attributes) : 'none'}`,
    `, gives to ${filter ? pairsText(filter) : 'anyone'}`,
  );
}

function setNumber(id, value) {
  const node = document.getElementById(id);
  const fresh = numberSpan(id, value);
  node.replaceChildren(...fresh.childNodes);
  if (value === undefined || value === null) delete node.dataset.value;
  else node.dataset.value = String(value);
}

function emptyRow(columns, message) {
  const row = document.createElement('tr');
  row.append(text('td', message, { colSpan: columns, className: 'muted' }));
  return row;
}

// Why capacity is left idle, in words (the reasons are the library's).
const IDLE_REASONS = {
  'all needs met': 'every recipient already has all it asked for',
  'no one else recognised': 'nobody you recognise can receive it',
  'waiting for answers': 'your offers are out; the recipients have not answered yet',
};

function idleSentence(status, capacity) {
  if (!(capacity > 0)) return [' left idle: you have no capacity to give.'];
  const words = IDLE_REASONS[status.idleReason];
  const reason = text('span', status.idle > 0 && words ? `: ${words}.` : '.');
  reason.dataset.testid = 'give-idle-reason';
  return [' of ', numberSpan('give-capacity', capacity), ' left idle', reason];
}

/**
 * Each participant's round (from its round state; mine from my loop) and
 * whether it has settled; the network is in step when everyone has.
 */
function renderRounds({ status, roundStates, myPub, name, now, isFresh }) {
  const rows = [[myPub, { round: status.round, settled: status.settled, timestamp: now }], ...roundStates]
    .filter(([, state]) => isFresh(state.timestamp, now))
    .map(([pub, state]) => {
      const row = document.createElement('tr');
      const done = state.settled === true;
      const settled = text('td', done ? 'settled' : 'still moving', { className: done ? 'ok' : 'warn' });
      settled.dataset.testid = `round-settled-${pub}`;
      settled.dataset.value = String(done);
      row.append(text('td', name(pub)), numberCell(`round-${pub}`, state.round), settled);
      return row;
    });
  document.getElementById('round-rows').replaceChildren(headerRow(['participant', 'round', '']), ...rows);
  const moving = rows.length - rows.filter((row) => row.cells[2].dataset.value === 'true').length;
  const inStep = document.getElementById('live-network-settled');
  inStep.dataset.value = String(status.networkSettled);
  inStep.textContent = status.networkSettled
    ? 'yes: everyone is in step, nothing changes any more'
    : `not yet: ${moving || 'some'} of ${rows.length} still moving`;
  inStep.className = status.networkSettled ? 'ok' : 'warn';
}

/**
 * The allocation as it runs: round, whether I and the network have settled,
 * everyone's round, my MR with everyone, what I give per tier (my published
 * allocation state) and why any capacity is idle, what I receive per
 * provider and tier, and the plot over rounds.
 */
export function renderAllocation({ status, received, mr, myWeights, networkWeights, roundStates, commitment, myPub, name, capacityId, now, isFresh }) {
  setNumber('live-round', status.round);
  const converged = document.getElementById('live-converged');
  converged.dataset.value = String(status.converged);
  converged.textContent = status.allocation ? (status.converged ? 'yes' : 'not yet') : 'nothing to give';
  setNumber('live-residual', commitment?.residual_need);
  setNumber('live-received', received.total);
  renderRounds({ status, roundStates, myPub, name, now, isFresh });

  // A "(me)" row says something only when I recognise or give to myself.
  const mrRows = Object.entries(mr).filter(([pub, value]) => pub !== myPub || value > 0).map(([pub, value]) => {
    const row = document.createElement('tr');
    const theirs = pub === myPub ? myWeights?.[pub] : networkWeights.get(pub)?.[myPub];
    row.append(text('td', name(pub)), numberCell(`mr-mine-${pub}`, myWeights?.[pub] ?? 0), numberCell(`mr-theirs-${pub}`, theirs ?? 0), numberCell(`mr-${pub}`, value, value > 0 ? 'mutual' : ''));
    return row;
  });
  document.getElementById('mr-rows').replaceChildren(headerRow(['participant', 'my weight', 'their weight', 'MR']), ...(mrRows.length ? mrRows : [emptyRow(4, 'recognise someone first')]));

  const state = status.allocation;
  const mutual = state?.mutualAllocations[capacityId] ?? {};
  const leftover = state?.nonMutualAllocations[capacityId] ?? {};
  const recipients = [...new Set([...Object.keys(mutual), ...Object.keys(leftover)])];
  const giveRows = recipients.map((pub) => {
    const row = document.createElement('tr');
    row.append(text('td', name(pub)), numberCell(`give-mutual-${pub}`, mutual[pub], 'mutual'), numberCell(`give-leftover-${pub}`, leftover[pub], 'non-mutual'));
    return row;
  });
  document.getElementById('give-rows').replaceChildren(headerRow(['recipient', 'mutual tier', 'leftover tier']), ...(giveRows.length ? giveRows : [emptyRow(3, state ? 'nobody eligible' : 'no capacity published')]));
  // Water-filling has no denominators; what it leaves idle, and why, is what a provider asks about.
  const idle = document.getElementById('give-denominators');
  if (!state) idle.replaceChildren();
  else if (status.rule === 'seed') idle.replaceChildren('Denominators: mutual ', numberSpan('give-d1', state.mutualDenominator[capacityId]), ', leftover ', numberSpan('give-d2', state.nonMutualDenominator[capacityId]));
  else idle.replaceChildren(numberSpan('give-idle', status.idle), ...idleSentence(status, commitment?.capacity));

  const receiveRows = Object.entries(received.byProvider).filter(([pub, amounts]) => pub !== myPub || amounts.total > 0).map(([pub, amounts]) => {
    const row = document.createElement('tr');
    row.append(text('td', name(pub)), numberCell(`recv-mutual-${pub}`, amounts.mutual, 'mutual'), numberCell(`recv-leftover-${pub}`, amounts.nonMutual, 'non-mutual'), numberCell(`recv-total-${pub}`, amounts.total));
    return row;
  });
  document.getElementById('receive-rows').replaceChildren(headerRow(['provider', 'mutual tier', 'leftover tier', 'total']), ...(receiveRows.length ? receiveRows : [emptyRow(4, 'nothing yet')]));

  renderPlot(status.history, name);
}

// Colours for the recipients' lines (demo.css: .line.r0 … .line.r5).
const RECIPIENT_KINDS = 6;

/**
 * Per round: what I give each recipient (one line each, both tiers), what I
 * receive and my residual need. Lines that stay at 0 are left out.
 */
function renderPlot(history, name) {
  const svg = document.getElementById('live-plot');
  if (!history.length) {
    svg.replaceChildren();
    const note = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    Object.entries({ x: 320, y: 110, 'text-anchor': 'middle' }).forEach(([k, v]) => note.setAttribute(k, v));
    note.textContent = 'no round has ended yet';
    svg.append(note);
    return;
  }
  const recipients = [...new Set(history.flatMap((h) => [...Object.keys(h.given.mutual), ...Object.keys(h.given.nonMutual)]))];
  const givenTo = (pub) => history.map((h) => (h.given.mutual[pub] ?? 0) + (h.given.nonMutual[pub] ?? 0));
  const lines = [
    ...recipients.map((pub, i) => ({ values: givenTo(pub), kind: `r${i % RECIPIENT_KINDS}`, label: `to ${name(pub)}`, testId: `live-given-line-${pub}` })),
    { values: history.map((h) => h.received), kind: 'received', label: 'I receive', testId: 'live-received-line' },
    { values: history.map((h) => h.residualNeed), kind: 'residual', label: 'my residual need', testId: 'live-residual-line' },
  ];
  drawLines(svg, lines.filter((line) => line.values.some((v) => v > 0)), { firstRound: history[0].round });
}

/** One row per crowd member: what it needs and gives, its round, what it receives. */
export function renderCrowd(members) {
  const rows = members.map(({ alias, pub, commitment, status, received }) => {
    const row = document.createElement('tr');
    row.dataset.testid = 'crowd-member';
    row.dataset.pub = pub;
    row.dataset.alias = alias;
    row.append(
      text('td', alias), text('td', shortPub(pub), { title: pub }),
      numberCell(`crowd-stated-${pub}`, commitment?.stated_need), numberCell(`crowd-capacity-${pub}`, commitment?.capacity),
      numberCell(`crowd-round-${pub}`, status.round), numberCell(`crowd-residual-${pub}`, commitment?.residual_need),
      numberCell(`crowd-received-${pub}`, received.total),
      text('td', status.allocation ? (status.converged ? 'yes' : 'not yet') : '—'),
    );
    return row;
  });
  const head = headerRow(['member', 'key', 'stated need', 'capacity', 'round', 'residual need', 'received', 'converged']);
  document.getElementById('crowd-rows').replaceChildren(...(rows.length ? [head, ...rows] : []));
}

/** The list of problems met while running, newest last. */
export function renderErrors(errors) {
  const list = document.getElementById('live-errors');
  list.replaceChildren(...errors.map(({ source, message, at }) => {
    const item = text('li', `${new Date(at).toLocaleTimeString()} · ${source}: ${message}`);
    item.dataset.testid = 'live-error';
    return item;
  }));
  list.hidden = errors.length === 0;
}

export function showFormError(id, error) {
  const box = document.getElementById(id);
  box.textContent = error ? (error instanceof Error ? error.message : String(error)) : '';
  box.hidden = !error;
}
