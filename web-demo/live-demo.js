// The "Live network" section: sign-in, recognition, commitment, the live
// allocation and the simulated crowd. This file only connects the page's
// controls to live-network.js / crowd.js and hands data to live-view.js.
//
// URL parameters, for tests and experiments:
//   ?roundMs=Infinity  rounds end only when half of the others are ahead;
//                      when every page uses it nobody goes first, so all
//                      stay in round 0 and needs never change (the browser
//                      test reads a stable round-0 allocation this way).
//                      Any other positive number sets the round length.
//   ?passwordCost=test the cheapest password hashing (tests only).
import { joinNetwork, relayUrlOfPage, DEMO_TIMING, CAPACITY_ID } from './live-network.js';
import { readAmount, readRecognition, percentTotal, readPairs, buildCommitment } from './live-inputs.js';
import { createCrowd, DEFAULT_CROWD_SIZE } from './crowd.js';
import * as view from './live-view.js';
import { isFresh } from '/js/allocation/index.js';

const byId = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

function roundMsOption() {
  const text = params.get('roundMs');
  if (text === null) return DEMO_TIMING.roundMs;
  const value = Number(text);
  if (!(value > 0)) throw new RangeError(`URL parameter roundMs must be a positive number or Infinity (got "${text}")`);
  return value;
}

// ---- problems met while running, shown in the page ----

const errors = [];
function report(source, error) {
  errors.push({ source, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error), at: Date.now() });
  errors.splice(0, errors.length - 20);
  view.renderErrors(errors);
}

// Error stores hold lists (newest last); report each entry once.
function reportList(source, readable) {
  const seen = new Set();
  return readable.subscribe((list) => {
    for (const entry of list ?? []) {
      const key = `${entry.at}|${entry.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(source, entry.message);
    }
  });
}

// Several changes in one turn are drawn once.
function coalesce(draw) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      try {
        draw();
      } catch (error) {
        report('page', error);
      }
    });
  };
}

// ---- the signed-in participant ----

let me = null; // from joinNetwork
let stops = []; // what to undo at sign-out
let crowd = null; // from createCrowd
let crowdStops = [];
const data = { directory: [], online: new Set(), myWeights: null, commitment: null, status: null, roundStates: new Map() };
let weightsEdited = false;
let commitmentEdited = false;

const name = () => view.namer(data.directory, me.pub);

// A drawing queued just before sign-out finds `me` gone and does nothing.
const drawParticipants = coalesce(() => {
  if (!me) return;
  view.renderParticipants(byId('participants'), {
    directory: data.directory, online: data.online, myPub: me.pub, myWeights: data.myWeights, networkWeights: me.net.networkRecognitionWeights,
  });
  drawWeightsTotal();
  view.renderPublishedWeights(data.myWeights, name());
});

const drawAllocation = coalesce(() => {
  if (!me || !data.status) return;
  view.renderAllocation({
    status: data.status,
    received: me.loop.received(),
    mr: me.loop.mutualRecognition(),
    myWeights: data.myWeights,
    networkWeights: me.net.networkRecognitionWeights,
    roundStates: data.roundStates,
    commitment: data.commitment,
    myPub: me.pub,
    name: name(),
    capacityId: CAPACITY_ID,
    now: Date.now(),
    isFresh,
  });
});

const weightInputs = () => [...byId('participants').querySelectorAll('input[data-pub]')];

function drawWeightsTotal() {
  view.renderWeightsTotal(percentTotal(weightInputs().map((input) => input.value)));
}

// What was published before (a returning user) fills the forms, unless the
// person has started typing.
function fillWeights(weights) {
  if (weightsEdited) return;
  for (const input of weightInputs()) {
    const share = weights?.[input.dataset.pub];
    input.value = share === undefined ? '' : String(+(share * 100).toFixed(9));
  }
}

function fillCommitment(commitment) {
  if (commitmentEdited || !commitment) return;
  const form = byId('commitment-form');
  const pairs = (object) => Object.entries(object ?? {}).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v}`).join(', ');
  form.need.value = String(commitment.stated_need);
  form.capacity.value = commitment.capacity === undefined ? '' : String(commitment.capacity);
  form.attributes.value = pairs(commitment.attributes);
  form.filter.value = pairs(commitment.capacity_filters?.[CAPACITY_ID]?.required_attributes);
}

function drawConnection() {
  view.renderConnection({ connected: me.peer.connected, directChannels: me.peer.directChannels, pendingWrites: me.peer.pendingWrites });
}

function enter(participant) {
  me = participant;
  const { net, loop, peer } = me;
  byId('my-alias').textContent = me.alias;
  const pub = byId('my-pub');
  pub.textContent = view.shortPub(me.pub);
  pub.title = me.pub;
  pub.dataset.value = me.pub;
  byId('signin-form').hidden = true;
  byId('live-panels').hidden = false;

  // The library has no connection event: the state is read twice a second.
  drawConnection();
  let refusals = peer.refused.length;
  const poll = setInterval(() => {
    drawConnection();
    // A direct channel offered to someone who has just left (closed or
    // reloaded the page) is refused by the relay: nothing went wrong.
    for (const refused of peer.refused.slice(refusals)) if (!/no such peer is connected/.test(refused.message)) report('sync', refused);
    refusals = peer.refused.length;
  }, 500);

  // Who has the page open now: the library's presence (gone when a tab closes).
  try {
    peer.presence.set({ alias: me.alias });
  } catch (error) {
    report('presence', error);
  }

  stops = [
    () => clearInterval(poll),
    peer.presence.subscribe((present) => {
      data.online = new Set(Object.keys(present));
      drawParticipants();
    }),
    me.directory.subscribe((entries) => {
      data.directory = entries;
      drawParticipants();
      drawAllocation();
    }),
    net.myRecognitionWeightsStore.subscribe((weights) => {
      data.myWeights = weights;
      drawParticipants();
      queueMicrotask(() => fillWeights(weights)); // after the rows exist
    }),
    net.networkRecognitionWeights.subscribe(() => {
      drawParticipants();
      drawAllocation();
    }),
    net.myCommitmentStore.subscribe((commitment) => {
      data.commitment = commitment;
      view.renderPublishedCommitment(commitment, CAPACITY_ID);
      fillCommitment(commitment);
      drawAllocation();
    }),
    loop.status.subscribe((status) => {
      data.status = status;
      drawAllocation();
    }),
    net.networkRoundStates.subscribe((states) => {
      data.roundStates = states;
      drawAllocation();
    }),
    reportList('allocation loop', loop.errors),
    reportList('invalid network data', net.allocationErrors),
    ...['myCommitmentStore', 'myRecognitionWeightsStore', 'myAllocationStateStore', 'myRoundStateStore']
      .map((store) => reportList(store, net[store].errors)),
  ];
  byId('live').dataset.signedIn = 'true';
}

async function leave(how) {
  await removeCrowd();
  for (const stop of stops) stop();
  stops = [];
  const leaving = me;
  me = null;
  Object.assign(data, { directory: [], online: new Set(), myWeights: null, commitment: null, status: null, roundStates: new Map() });
  weightsEdited = commitmentEdited = false;
  for (const id of ['participants', 'round-rows', 'mr-rows', 'give-rows', 'receive-rows', 'give-denominators', 'live-plot']) byId(id).replaceChildren();
  byId('live-panels').hidden = true;
  byId('signin-form').hidden = false;
  delete byId('live').dataset.signedIn;
  await leaving.leave(how);
}

// ---- the crowd ----

async function addCrowd(size) {
  if (crowd) await removeCrowd();
  byId('crowd-state').textContent = `adding ${size}…`;
  let joined;
  try {
    joined = await createCrowd({ relayUrl: relayUrlOfPage(), size, realPub: me.pub, roundMs: roundMsOption(), onError: (error) => report('crowd', error) });
  } catch (error) {
    byId('crowd-state').textContent = 'no crowd added';
    throw error;
  }
  crowd = joined;
  const rows = new Map(crowd.members.map((member) => [member.pub, { alias: member.alias, pub: member.pub, commitment: null, status: { round: 0 }, received: { total: 0 } }]));
  // Only while this crowd is the current one (a drawing may be queued at removal).
  const draw = coalesce(() => crowd === joined && view.renderCrowd([...rows.values()]));
  crowdStops = crowd.members.flatMap((member) => {
    const row = rows.get(member.pub);
    return [
      member.loop.status.subscribe((status) => {
        row.status = status;
        row.received = member.loop.received();
        draw();
      }),
      member.net.myCommitmentStore.subscribe((commitment) => {
        row.commitment = commitment;
        draw();
      }),
      reportList(`crowd ${member.alias}`, member.loop.errors),
      reportList(`crowd ${member.alias}`, member.net.allocationErrors),
    ];
  });
  byId('crowd-remove').disabled = false;
  byId('crowd-state').textContent = `${size} simulated participants joined`;
}

async function removeCrowd() {
  if (!crowd) return;
  const leaving = crowd;
  crowd = null;
  for (const stop of crowdStops) stop();
  crowdStops = [];
  view.renderCrowd([]);
  byId('crowd-remove').disabled = true;
  byId('crowd-state').textContent = 'removing…';
  await leaving.remove();
  byId('crowd-state').textContent = 'crowd removed';
}

// ---- controls ----

// Runs an async action with its buttons disabled; a failure is shown in
// `errorBox` (the form's own) or in the list of problems, under `source`.
function action(form, errorBox, run, source = 'page') {
  return async (event) => {
    event?.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((button) => { button.disabled = true; });
    try {
      await run(event);
      if (errorBox) view.showFormError(errorBox, null);
    } catch (error) {
      if (errorBox) view.showFormError(errorBox, error);
      else report(source, error);
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
      if (form.id === 'crowd-form') byId('crowd-remove').disabled = !crowd;
    }
  };
}

const signinForm = byId('signin-form');
signinForm.addEventListener('submit', action(signinForm, 'signin-error', async (event) => {
  const alias = signinForm.alias.value.trim();
  const password = signinForm.password.value;
  if (!alias || !password) throw new Error('enter an alias and a password');
  const create = event.submitter?.value === 'create';
  const state = byId('signin-state');
  state.textContent = create ? 'creating the account…' : 'signing in…';
  try {
    enter(await join({ alias, password, create, remember: true }));
    localStorage.setItem(REMEMBERED, 'yes');
    signinForm.password.value = '';
  } finally {
    state.textContent = '';
  }
}));

// The person at the keyboard: data and session kept in this browser, so
// edits made offline survive a reload (and are sent once the relay is back),
// and a reload keeps them signed in. REMEMBERED only saves a first visit
// from opening a connection to look for a session that cannot be there.
const REMEMBERED = 'mutual-store-demo:remembered';
function join(how) {
  return joinNetwork({
    relayUrl: relayUrlOfPage(),
    ...how,
    peerOptions: { storage: 'indexeddb', name: 'mutual-store-demo', passwordCost: params.get('passwordCost') === 'test' ? 'test' : 'interactive' },
    roundMs: roundMsOption(),
    onError: (error) => report('directory', error),
  });
}

byId('signout').addEventListener('click', () => {
  localStorage.removeItem(REMEMBERED);
  leave({ forget: true }).catch((error) => report('sign-out', error));
});

const weightsForm = byId('weights-form');
weightsForm.addEventListener('input', () => {
  weightsEdited = true;
  drawWeightsTotal();
});
weightsForm.addEventListener('submit', action(weightsForm, 'weights-error', () => {
  const label = name();
  const weights = readRecognition(weightInputs().map((input) => ({ pub: input.dataset.pub, name: label(input.dataset.pub), text: input.value })));
  me.net.myRecognitionWeightsStore.set(weights);
  weightsEdited = false;
}));

const commitmentForm = byId('commitment-form');
commitmentForm.addEventListener('input', () => { commitmentEdited = true; });
commitmentForm.addEventListener('submit', action(commitmentForm, 'commitment-error', () => {
  const commitment = buildCommitment({
    need: readAmount(commitmentForm.need.value, 'need'),
    capacity: readAmount(commitmentForm.capacity.value, 'capacity', { optional: true }),
    attributes: readPairs(commitmentForm.attributes.value, 'attributes'),
    filter: readPairs(commitmentForm.filter.value, 'who may receive'),
  }, CAPACITY_ID);
  me.net.myCommitmentStore.set(commitment);
  commitmentEdited = false;
}));

const crowdForm = byId('crowd-form');
crowdForm.size.value = String(DEFAULT_CROWD_SIZE);
crowdForm.addEventListener('submit', action(crowdForm, null, () => addCrowd(Number(crowdForm.size.value)), 'crowd'));
byId('crowd-remove').addEventListener('click', () => removeCrowd().catch((error) => report('crowd', error)));

try {
  roundMsOption(); // a bad URL parameter is shown now, not at sign-in
  const recalled = localStorage.getItem(REMEMBERED) ? await join({ recall: true }) : null;
  if (recalled) enter(recalled);
} catch (error) {
  report('page', error);
}
byId('live').dataset.ready = 'true';
