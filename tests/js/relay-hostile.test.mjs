// A flood of hostile frames against a real relay on loopback: over 10,000
// seeded random and mutated frames (valid get/put/signal/hi frames with
// characters flipped, inserted and deleted, wrong types, huge numbers,
// NaN-like strings, deep nesting, unknown fields, duplicated and oversized
// ids, batches), plus the frames of the security bar. Every frame's replies
// are checked one frame at a time: a frame the relay refuses gets exactly
// one error reply; a frame it accepts must be one it should accept and gets
// one reply per message that asks for one. Afterwards the relay still
// acknowledges and forwards, and its memory (the wasm heap, Node's heap)
// grew by less than a fixed bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import WebSocket from 'ws';
import { relayCore as core } from '../../js/relay/relay-core.js'; // the relay's own module
import { createRelay } from '../../js/relay/relay.js';
import { seededRandom } from './support/seeded-random.mjs';

const SEED = 0x5eed2024;
const FLOOD_FRAMES = 10_000;
const WARM_UP_FRAMES = 300; // before the first measurement: first-use allocations are not growth
// The relay de-duplicates ids within a window of the most recent 10,000
// it took (core/sync/seen_ids.h: a refused message's id is not remembered,
// so a forged copy cannot hide the genuine one); the model below mirrors it
// to know which messages are repeats. The probes alone are more than that
// many, so the window wraps: memory is bounded by its size, not by any timer.
const SEEN_WINDOW = 10_000;
const MAX_ID = 64; // FrameLimits::maxIdLength
const MAX_BATCH = 100; // FrameLimits::maxBatch
const FRAME_BYTES = 1 << 20; // the default frame limit
// Generous fixed bounds on growth over the flood. What the relay may keep
// is bounded by design (the id window, interest per connection, the
// deferred-write queue, the few souls and fields the flood writes): under
// 1 MiB of wasm heap and about 1.5 MiB of Node heap (the model here
// included) when this was written. A leak of a few hundred bytes per frame
// would pass the bounds within the flood.
const MAX_WASM_GROWTH = 4 * 1024 * 1024;
const MAX_NODE_HEAP_GROWTH = 8 * 1024 * 1024;
// Past states are fixed, so the frames are the same text in every run;
// only the digits of the few states from the future (which must be ahead
// of the relay's clock) differ between runs.
const PAST = 1_700_000_000_000;

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc'); // a context made after the flag has gc()


// ---- frames --------------------------------------------------------------

const SOULS = ['chat', 'room/1', 'log', 'a', '~', `~${'Q'.repeat(43)}.${'R'.repeat(43)}`, '~@ada', 'x/y/z'];
const FIELDS = ['topic', 'n', 'ok', 'link', 'x'];
const VALUES = ['hi', '', 'é\u2028', 0, -1, 3.25, 1e21, true, false, null, { '#': 'chat' }];
const HOSTILE_VALUES = [
  null, true, 0, -0, 1e308, -1e308, 2 ** 53 + 1, '', 'NaN', 'Infinity', '-Infinity', '1e400', 'x'.repeat(300),
  [], [1, 2], {}, { '#': 5 }, { '#': '' }, { '#': 'chat', extra: 1 }, { _: {} },
];
const UNKNOWN_KEYS = ['zz', '', '_', '#', '>', '.', 's', '__proto__', 'constructor', 'ok', 'err', 'peers', 'sync', 'get', 'put', 'hi', 'signal', '@'];
const RTC_IDS = ['me-1', 'me-2', 'peer-x'];
const TEXT_NOISE = '{}[]":,\\ #_>.@-+0123456789eEtrufalsn\u00e9\u2028x';

const pick = (random, list) => list[Math.floor(random() * list.length)];
// A fresh copy: values are mutated in place later, and must not be shared.
const pickValue = (random, list) => structuredClone(pick(random, list));

function nested(depth, inner) {
  let value = inner;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function validMessage(random, id) {
  const r = random();
  const soul = pick(random, SOULS);
  if (r < 0.35) {
    const get = { '#': soul };
    const k = random();
    if (k < 0.3) get['.'] = pick(random, FIELDS);
    else if (k < 0.45) get['.'] = { '*': 't' };
    return { '#': id, get };
  }
  if (r < 0.8) {
    const node = { _: { '#': soul, '>': {} } };
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const field = pick(random, FIELDS);
      const s = random();
      // Mostly the recent past; some from the near future (deferred) and far future (dropped).
      node._['>'][field] = s < 0.9 ? PAST + Math.floor(random() * 5000) : s < 0.96 ? Date.now() + 60_000 : Date.now() + 3 * 86_400_000;
      node[field] = pickValue(random, VALUES);
    }
    return { '#': id, put: { [soul]: node } };
  }
  if (r < 0.93) return { '#': id, signal: { to: pick(random, RTC_IDS), data: { sdp: 'offer' } } };
  return { '#': id, hi: pick(random, RTC_IDS) };
}

// Every (container, key) in a value, for structural mutations.
function slots(value, out = []) {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push([value, key]);
      slots(value[key], out);
    }
  }
  return out;
}

function mutateStructure(random, message, recentIds) {
  const m = random();
  if (m < 0.12) {
    message['#'] = pick(random, [
      'i'.repeat(MAX_ID + 1 + Math.floor(random() * 200)), // oversized
      5, '', null, ['x'], { '#': 'x' },
    ]);
    if (random() < 0.3) delete message['#'];
    return;
  }
  if (m < 0.22 && recentIds.length) {
    message['#'] = pick(random, recentIds); // a duplicate (whether it is one, the window decides)
    return;
  }
  const all = slots(message);
  if (!all.length) return void (message.zz = pickValue(random, HOSTILE_VALUES)); // earlier mutations emptied it
  const [container, key] = pick(random, all);
  if (m < 0.5) {
    container[key] = pickValue(random, HOSTILE_VALUES); // wrong type, huge number, NaN-like string…
  } else if (m < 0.65) {
    if (Array.isArray(container)) container.splice(Number(key), 1);
    else delete container[key]; // missing state, soul, id…
  } else if (m < 0.85) {
    const target = all.map(([c, k]) => c[k]).filter((v) => v && typeof v === 'object' && !Array.isArray(v));
    const into = target.length && random() < 0.7 ? pick(random, target) : message;
    // defineProperty: "__proto__" becomes a real key, as JSON.parse makes it.
    Object.defineProperty(into, pick(random, UNKNOWN_KEYS), { value: pickValue(random, HOSTILE_VALUES), enumerable: true, writable: true, configurable: true });
  } else {
    container[key] = nested(20 + Math.floor(random() * 30), container[key]); // deep nesting, above and below the limit
  }
}

function mutateText(random, text) {
  const at = Math.floor(random() * (text.length + 1));
  const m = random();
  if (m < 0.3) return text.slice(0, at) + pick(random, TEXT_NOISE) + text.slice(at + 1); // flip
  if (m < 0.55) return text.slice(0, at) + pick(random, TEXT_NOISE) + text.slice(at); // insert
  if (m < 0.8) return text.slice(0, at) + text.slice(at + 1); // delete
  if (m < 0.9) return text.slice(0, at); // truncate
  const from = Math.floor(random() * text.length);
  return text.slice(0, at) + text.slice(from, from + 1 + Math.floor(random() * 20)) + text.slice(at); // repeat a piece
}

function oneMessage(random, id, recentIds) {
  const message = validMessage(random, id);
  const structural = random() < 0.45 ? 1 + Math.floor(random() * 3) : 0;
  for (let i = 0; i < structural; i++) mutateStructure(random, message, recentIds);
  return message;
}

// A frame of the flood: unmutated now and then, usually mutated, sometimes a batch.
function floodFrame(random, n, recentIds) {
  const b = random();
  let frame;
  if (b < 0.08) {
    const size = 1 + Math.floor(random() * 8);
    frame = Array.from({ length: size }, (_, i) => oneMessage(random, `f${n}-${i}`, recentIds));
  } else if (b < 0.085) {
    frame = [];
  } else if (b < 0.09) {
    frame = Array.from({ length: MAX_BATCH + 1 }, (_, i) => validMessage(random, `f${n}-${i}`));
  } else {
    frame = oneMessage(random, `f${n}`, recentIds);
  }
  let text = JSON.stringify(frame);
  const textual = random() < 0.35 ? 1 + Math.floor(random() * 3) : 0;
  for (let i = 0; i < textual; i++) text = mutateText(random, text);
  return text;
}

const putText = (id, soul, fields, state) => JSON.stringify({
  '#': id,
  put: { [soul]: { _: { '#': soul, '>': Object.fromEntries(Object.keys(fields).map((k) => [k, state])) }, ...fields } },
});

// The frames of the security bar: each must get an error reply.
function securityFrames() {
  return [
    'null',
    '{"#":"a","put":{"x":null}}',
    '{"#":"a","get":"foo"}',
    '{"#":"a","get":{"#":5}}',
    '{not json',
    '',
    '{"#":"a","get":{"#":"chat"}',
    `{"#":"big","get":{"#":"${'x'.repeat(FRAME_BYTES)}"}}`, // over the frame limit
    '['.repeat(5000), // deeply nested, unterminated
    `${'['.repeat(200)}${']'.repeat(200)}`, // deeply nested, valid JSON
    `{"#":"d","put":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`,
    `{"#":"n1","put":{"a":{"_":{"#":"a",">":{"x":NaN}},"x":1}}}`, // NaN is not JSON
    putText('n2', 'a', { x: 1 }, 'NaN'),
    putText('n3', 'a', { x: 1 }, 'soon'),
    '{"#":"n4","put":{"a":{"_":{"#":"a",">":{}},"x":1}}}', // no state
    `{"#":"n5","put":{"a":{"_":{"#":"a",">":{"x":1e400}},"x":1}}}`, // a state too large for a double
    `{"#":"n6","put":{"a":{"_":{"#":"b",">":{"x":${PAST}}},"x":1}}}`, // _["#"] differs from the key
  ];
}

// ---- what the relay should do with a frame it accepted --------------------

// The relay's id window, mirrored: ids of messages it took.
class SeenWindow {
  #ids = new Set();
  #order = [];
  #head = 0;

  has(id) {
    return this.#ids.has(id);
  }

  remember(id) {
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    this.#order.push(id);
    if (this.#order.length - this.#head > SEEN_WINDOW) this.#ids.delete(this.#order[this.#head++]);
    if (this.#head > SEEN_WINDOW) this.#order = this.#order.slice(this.#head), this.#head = 0;
  }
}

const KNOWN_KEYS = new Set(['#', '@', 'get', 'put', 'sync', 'hi', 'signal', 'peers', 'ok', 'err']);
const ACTIONS = ['get', 'put', 'sync', 'hi', 'signal'];
const isId = (v) => typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID;
const has = (object, key) => Object.hasOwn(object, key);

function isGraphValue(v) {
  return v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v['#'] === 'string' && v['#'] !== '');
}

// Independent of the relay's code: the problem with a message the relay
// took, or '' when it is one it may take (the parts the flood exercises).
function problemOf(message) {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return 'not an object';
  for (const key of Object.keys(message)) if (!KNOWN_KEYS.has(key)) return `unknown field ${key}`;
  if (!isId(message['#'])) return 'bad id';
  if (has(message, '@') && !isId(message['@'])) return 'bad reply id';
  const actions = ACTIONS.filter((a) => has(message, a));
  if (actions.length > 1) return 'two actions';
  if (!actions.length && !has(message, 'ok') && !has(message, 'err') && !has(message, 'peers')) return 'carries nothing';
  if (has(message, 'ok') && typeof message.ok !== 'boolean') return 'bad ok';
  if (has(message, 'err') && typeof message.err !== 'string') return 'bad err';
  if (has(message, 'get')) {
    const get = message.get;
    if (!get || typeof get !== 'object' || Array.isArray(get) || typeof get['#'] !== 'string' || !get['#']) return 'bad get';
    if (Object.keys(get).some((k) => k !== '#' && k !== '.')) return 'bad get key';
  }
  if (has(message, 'put')) {
    const put = message.put;
    if (!put || typeof put !== 'object' || Array.isArray(put)) return 'bad put';
    for (const [soul, node] of Object.entries(put)) {
      if (!soul || !node || typeof node !== 'object' || Array.isArray(node)) return 'bad node';
      const meta = node._;
      if (!meta || typeof meta !== 'object' || meta['#'] !== soul) return 'meta does not name the soul';
      if (!meta['>'] || typeof meta['>'] !== 'object' || Array.isArray(meta['>'])) return 'bad states';
      for (const [field, value] of Object.entries(node)) {
        if (field === '_') continue;
        if (!field) return 'empty field';
        if (typeof meta['>'][field] !== 'number' || !Number.isFinite(meta['>'][field])) return `bad state for ${field}`;
        if (!isGraphValue(value)) return `bad value for ${field}`;
      }
    }
  }
  if (has(message, 'hi') && !isId(message.hi)) return 'bad hi';
  if (has(message, 'signal')) {
    const s = message.signal;
    if (!s || typeof s !== 'object' || Array.isArray(s)) return 'bad signal';
    if (has(s, 'to') === has(s, 'from')) return 'signal needs exactly one of to/from';
    if (!s.data || typeof s.data !== 'object' || Array.isArray(s.data)) return 'bad signal data';
  }
  return '';
}

// Walks an accepted frame's messages in order, as the relay does, with
// the replies that came (`byId`: replies naming each id, in order; taken
// from as they are matched). A message whose id the relay took before is a
// repeat and gets nothing. Otherwise a get, put or hi gets one reply; a
// signal to our own rtc id is passed back to us (we are the only peer),
// any other gets one (an error); a sync gets every piece of the graph, or
// one error. A message answered with an error was refused: its id is not
// remembered, so a later message under it is judged again. ok / err /
// peers alone are replies to the relay, which answers nothing, and count
// as taken. Returns the counts to check the frame's replies against.
function checkReplies(messages, byId, model, text) {
  let forwarded = 0;
  let answered = 0;
  let syncPieces = 0;
  const next = (id) => {
    const reply = byId.get(id)?.shift();
    assert.ok(reply, `no reply to ${id}: ${shown(text)}`);
    return reply;
  };
  for (const message of messages) {
    const id = message['#'];
    if (model.seen.has(id)) continue; // a repeat: ignored
    let taken = true;
    if (has(message, 'get') || has(message, 'put') || has(message, 'hi')) {
      const reply = next(id);
      answered++;
      taken = !has(reply, 'err');
      if (taken && has(message, 'hi')) model.rtcId = message.hi;
    } else if (has(message, 'signal')) {
      if (model.rtcId && message.signal.to === model.rtcId) forwarded++;
      else {
        assert.ok(has(next(id), 'err'), `a signal nobody can take is refused: ${shown(text)}`);
        answered++;
        taken = false;
      }
    } else if (has(message, 'sync')) {
      const first = next(id);
      if (has(first, 'err')) answered++, (taken = false);
      else syncPieces += 1 + byId.get(id).splice(0).length; // as many pieces as the graph takes
    }
    if (taken) model.seen.remember(id);
  }
  for (const [id, left] of byId) assert.equal(left.length, 0, `a reply to ${id}, which should get none: ${shown(text)}`);
  return { forwarded, answered, syncPieces };
}

// The id the relay's reply to a refused frame should name: a leading
// {"#":"id" read without parsing, else the first message's id (when the
// frame parses). The relay parses only frames within its limits, so an id
// found only by parsing may also be missing from the reply.
function leadingIdOf(text) {
  const match = /^[ \t\r\n]*\[?[ \t\r\n]*\{[ \t\r\n]*"#"[ \t\r\n]*:[ \t\r\n]*"([^"\\]{1,64})"/.exec(text);
  return match ? match[1] : undefined;
}

function parsedIdOf(text) {
  try {
    const parsed = JSON.parse(text);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    return first && typeof first === 'object' && isId(first['#']) ? first['#'] : undefined;
  } catch {
    return undefined;
  }
}

// ---- the client ------------------------------------------------------------

// A raw client that sends one frame and then a probe put, and collects
// everything that arrives until the probe's ack. Acks go through the
// relay's storage queue in order, and its other replies are sent at once,
// so when the probe is acknowledged every reply to the frame has arrived.
async function floodClient(url) {
  const socket = new WebSocket(url);
  let inbox = [];
  let waiting = null;
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (waiting && message['@'] === waiting.id) {
      const { resolve } = waiting;
      waiting = null;
      const got = inbox;
      inbox = [];
      resolve({ ack: message, got });
    } else {
      inbox.push(message);
    }
  });
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  let probes = 0;
  return {
    socket,
    // The replies to `text`, and the probe id (the relay saw it too).
    async exchange(text) {
      const id = `probe-${++probes}`;
      const done = new Promise((resolve) => (waiting = { id, resolve }));
      socket.send(text);
      socket.send(putText(id, 'probe', { n: 1 }, 1));
      const { ack, got } = await done;
      assert.equal(ack.ok, true, `probe ${id} was not acknowledged: ${JSON.stringify(ack)}`);
      return { got, probeId: id };
    },
  };
}

const shown = (text) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);

// Sends `text`, checks its replies against the model, adds to `stats`.
// A refused frame's error names the frame's first id when it can be read;
// parse errors always begin with "frame", which tells them from a
// message's refusal.
async function sendAndCheck(flood, text, model, stats) {
  const { got, probeId } = await flood.exchange(text);
  stats.frames++;
  const frameErrors = got.filter((m) => has(m, 'err') && m.err.startsWith('frame'));
  if (frameErrors.length) {
    assert.equal(got.length, 1, `a refused frame gets exactly one reply: ${shown(text)} → ${JSON.stringify(got)}`);
    const leading = leadingIdOf(text);
    if (leading !== undefined) assert.equal(got[0]['@'], leading, `the error names the frame: ${shown(text)}`);
    else if (has(got[0], '@')) assert.equal(got[0]['@'], parsedIdOf(text), `the error names the frame: ${shown(text)}`);
    stats.errors++;
    stats.refusedFrames++;
    model.seen.remember(probeId);
    model.lastProbe = probeId;
    return { refused: true, got };
  }
  // Accepted: it must be JSON, a batch within bounds, and every message one the relay may take.
  let parsed;
  assert.doesNotThrow(() => (parsed = JSON.parse(text)), `the relay accepted text that is not JSON: ${shown(text)}`);
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  assert.ok(messages.length >= 1 && messages.length <= MAX_BATCH, `the relay accepted a batch of ${messages.length}: ${shown(text)}`);
  for (const message of messages) {
    const problem = problemOf(message);
    assert.equal(problem, '', `the relay accepted an invalid message (${problem}): ${shown(text)} → ${JSON.stringify(got)}`);
  }
  const byId = new Map();
  let forwarded = 0;
  for (const reply of got) {
    if (has(reply, '@')) {
      if (!byId.has(reply['@'])) byId.set(reply['@'], []);
      byId.get(reply['@']).push(reply);
      if (has(reply, 'err')) stats.errors++;
      else stats.normal++;
    } else {
      assert.ok(reply.signal, `an unexpected message: ${JSON.stringify(reply)} after ${shown(text)}`);
      forwarded++;
      stats.normal++;
    }
  }
  const expected = checkReplies(messages, byId, model, text);
  model.seen.remember(probeId);
  model.lastProbe = probeId;
  assert.equal(forwarded, expected.forwarded, `signals passed back: ${shown(text)}`);
  stats.expectedReplies += expected.answered + expected.forwarded;
  stats.syncPieces += expected.syncPieces;
  if (expected.answered + expected.forwarded + expected.syncPieces === 0) stats.silentFrames++;
  return { refused: false, got };
}

// The wasm memory (it only grows, so this is the high-water mark), the bytes
// malloc has handed out in it (core.heapBytesInUse, which the memory
// benchmark uses), and Node's heap after a full collection.
function measure() {
  collectGarbage();
  return { wasm: core.HEAPU8.buffer.byteLength, wasmInUse: core.heapBytesInUse(), node: process.memoryUsage().heapUsed };
}

test('a flood of 10,000 hostile frames: each gets its error or its normal reply, the relay stays up, memory stays bounded', async (t) => {
  const relay = await createRelay({ port: 0, limits: { messagesPerSecond: 1e9 } });
  const flood = await floodClient(relay.url);
  const random = seededRandom(SEED);
  const model = { seen: new SeenWindow(), rtcId: null, lastProbe: null };
  const stats = { frames: 0, errors: 0, normal: 0, refusedFrames: 0, silentFrames: 0, expectedReplies: 0, syncPieces: 0 };
  const recentIds = [];
  let n = 0;
  const nextFloodFrame = async () => {
    const text = floodFrame(random, n++, recentIds);
    await sendAndCheck(flood, text, model, stats);
    try {
      const parsed = JSON.parse(text);
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) if (typeof m?.['#'] === 'string') recentIds.push(m['#']);
    } catch {
      // not JSON: no ids to repeat
    }
    if (recentIds.length > 64) recentIds.splice(0, recentIds.length - 64);
  };
  let second;
  try {
    const early = await sendAndCheck(flood, '{"#":"early","get":{"#":"chat"}}', model, stats);
    assert.deepEqual(early.got.map((m) => m['@']), ['early']);
    for (let i = 0; i < WARM_UP_FRAMES; i++) await nextFloodFrame();
    const before = measure();

    for (const text of securityFrames()) {
      const { refused, got } = await sendAndCheck(flood, text, model, stats);
      assert.ok(refused, `a security-bar frame was not refused: ${shown(text)} → ${JSON.stringify(got)}`);
      assert.match(got[0].err, /\S/, 'the error says what is wrong');
    }
    for (let i = 0; i < FLOOD_FRAMES; i++) await nextFloodFrame();
    const after = measure();

    // The id window is bounded: an id from the start has been forgotten (answered
    // again), one from just now is still a repeat (ignored).
    const again = await sendAndCheck(flood, '{"#":"early","get":{"#":"chat"}}', model, stats);
    assert.deepEqual(again.got.map((m) => m['@']), ['early'], 'the window forgot the oldest ids');
    const lastId = model.lastProbe; // the probe put sent after the frame before
    const repeat = await sendAndCheck(flood, JSON.stringify({ '#': lastId, get: { '#': 'chat' } }), model, stats);
    assert.ok(repeat.got.every((m) => m['@'] !== lastId), 'a recent id is still remembered');

    // Every reply was counted against what was sent, and the mix exercised both sides.
    assert.equal(stats.frames, 3 + WARM_UP_FRAMES + FLOOD_FRAMES + securityFrames().length);
    // Error replies and normal replies add up to one per refused frame plus
    // one per message that asked for an answer (plus any sync pieces).
    assert.equal(stats.errors + stats.normal, stats.refusedFrames + stats.expectedReplies + stats.syncPieces);
    assert.ok(stats.refusedFrames > 3000, `refused frames: ${stats.refusedFrames}`);
    assert.ok(stats.normal > 1000, `normal replies: ${stats.normal}`);
    assert.ok(stats.errors - stats.refusedFrames > 300, `errors to accepted frames: ${stats.errors - stats.refusedFrames}`);
    assert.ok(stats.silentFrames > 10, `frames that needed no answer (repeats, replies): ${stats.silentFrames}`);

    const wasmGrowth = after.wasm - before.wasm;
    const inUseGrowth = after.wasmInUse - before.wasmInUse;
    const nodeGrowth = after.node - before.node;
    t.diagnostic(JSON.stringify({ stats, wasmGrowth, inUseGrowth, nodeGrowth }));
    assert.ok(wasmGrowth < MAX_WASM_GROWTH, `the wasm memory grew by ${wasmGrowth} bytes`);
    assert.ok(inUseGrowth < MAX_WASM_GROWTH, `the relay holds ${inUseGrowth} more bytes of wasm heap`);
    assert.ok(nodeGrowth < MAX_NODE_HEAP_GROWTH, `Node's heap grew by ${nodeGrowth} bytes`);

    // Still up: a valid put is acknowledged and reaches a subscribed second client.
    second = new WebSocket(relay.url);
    let heard;
    const forwarded = new Promise((resolve) => (heard = resolve));
    second.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.put?.after && !message['@']) heard(message);
    });
    await new Promise((resolve, reject) => (second.once('open', resolve), second.once('error', reject)));
    const subscribed = new Promise((resolve) => second.on('message', (data) => JSON.parse(data.toString())['@'] === 's1' && resolve()));
    second.send(JSON.stringify({ '#': 's1', get: { '#': 'after' } }));
    await subscribed;
    const { got } = await flood.exchange(putText('still-up', 'after', { flood: 'survived' }, Date.now() - 1));
    assert.deepEqual(got.map((m) => [m['@'], m.ok]), [['still-up', true]]);
    assert.equal((await forwarded).put.after.flood, 'survived');
  } finally {
    flood.socket.close();
    second?.close();
    await relay.close();
  }
});
