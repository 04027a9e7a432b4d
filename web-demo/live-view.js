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
export function renderParticipants(tbody, { directory, myPub, myWeights, networkWeights }) {
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

/**
 * The allocation as it runs: round, whether I and the network have settled,
 * my MR with everyone, what I give per tier (my published allocation state)
 * and why any capacity is idle, what I receive per provider and tier, and
 * the plot over rounds.
 */
export function renderAllocation({ status, received, mr, myWeights, networkWeights, commitment, myPub, name, capacityId }) {
  setNumber('live-round', status.round);
  const converged = document.getElementById('live-converged');
  converged.dataset.value = String(status.converged);
  converged.textContent = status.allocation ? (status.converged ? 'yes' : 'not yet') : 'nothing to give';
  const settled = document.getElementById('live-network-settled');
  settled.dataset.value = String(status.networkSettled);
  settled.textContent = status.networkSettled ? 'yes: nothing changes any more' : 'not yet';
  setNumber('live-residual', commitment?.residual_need);
  setNumber('live-received', received.total);

  const mrRows = Object.entries(mr).map(([pub, value]) => {
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
  else idle.replaceChildren('Idle: ', numberSpan('give-idle', status.idle), status.idleReason ? ` (${status.idleReason})` : '');

  const receiveRows = Object.entries(received.byProvider).map(([pub, amounts]) => {
    const row = document.createElement('tr');
    row.append(text('td', name(pub)), numberCell(`recv-mutual-${pub}`, amounts.mutual, 'mutual'), numberCell(`recv-leftover-${pub}`, amounts.nonMutual, 'non-mutual'), numberCell(`recv-total-${pub}`, amounts.total));
    return row;
  });
  document.getElementById('receive-rows').replaceChildren(headerRow(['provider', 'mutual tier', 'leftover tier', 'total']), ...(receiveRows.length ? receiveRows : [emptyRow(4, 'nothing yet')]));

  renderPlot(status.history);
}

function renderPlot(history) {
  const svg = document.getElementById('live-plot');
  if (!history.length) {
    svg.replaceChildren();
    const note = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    Object.entries({ x: 320, y: 110, 'text-anchor': 'middle' }).forEach(([k, v]) => note.setAttribute(k, v));
    note.textContent = 'no round has ended yet';
    svg.append(note);
    return;
  }
  const given = (h) => [...Object.values(h.given.mutual), ...Object.values(h.given.nonMutual)].reduce((a, b) => a + b, 0);
  drawLines(svg, [
    { values: history.map(given), kind: 'given', label: 'given', testId: 'live-given-line' },
    { values: history.map((h) => h.received), kind: 'received', label: 'received', testId: 'live-received-line' },
    { values: history.map((h) => h.residualNeed), kind: 'residual', label: 'my residual need', testId: 'live-residual-line' },
  ], { firstRound: history[0].round });
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
