// Hostile numbers at the bindings that take counts and lengths from JS
// (signRaw/verifyRaw, simulate, the journal, schema definition and
// validation, the input buffers, two-tier allocation, the sync client, the
// frames and stored writes the relay and the client read from the input buffer):
// NaN is a TypeError, anything that is not a whole count within what was
// written is a RangeError, and nothing changes (outputs, input buffers and
// key tables are as before; the same calls give the same answers after).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, checked } from '../../js/core.js';
import { writeBytes, writeText, readOutputBytes } from '../../js/wasm-buffers.js';
import { defineSchema, generateNetwork, simulate, computeTwoTierAllocation } from '../../js/index.js';
import * as testing from './support/testing-core.mjs';
import { relayCore, checked as relayChecked, outcomeOf, writeJsonText } from '../../js/relay/relay-core.js';

const HOSTILE = [NaN, -1, -0.5, 0.5, 1e300, 2 ** 53, Infinity, -Infinity, 2 ** 32 - 1];
const PAST_WRITTEN = 1 << 28; // a sane count, but more than any buffer here holds

// `module`: the core the call goes to (the package's unless told).
function refused(call, what, module = { core, checked }) {
  for (const number of HOSTILE) {
    let error;
    try {
      module.checked(call(number));
    } catch (caught) {
      error = caught;
    }
    assert.ok(error, `${what}(${number}) was accepted`);
    const expected = Number.isNaN(number) ? TypeError : RangeError;
    assert.ok(error instanceof expected, `${what}(${number}) threw ${error?.name}: ${error?.message}`);
    assert.equal(module.core.pendingError, null);
  }
}

test('raw signing and verifying refuse bad lengths and leave the signature output as it was', () => {
  // Raw signatures are bindings of the testing module only.
  const { core, checked, writeBytes, readOutputBytes } = testing;
  const slot = checked(core.keyringCreate());
  const message = new TextEncoder().encode('sign me');
  writeBytes(message);
  checked(core.signRaw(slot, message.length));
  const signature = readOutputBytes(64);
  refused((n) => core.signRaw(slot, n), 'signRaw', testing);
  refused((n) => core.verifyRaw(n), 'verifyRaw', testing);
  assert.deepEqual(readOutputBytes(64), signature);
  assert.throws(() => checked(core.signRaw(slot, PAST_WRITTEN)), RangeError);
  assert.throws(() => checked(core.verifyRaw(PAST_WRITTEN)), RangeError);
  assert.deepEqual(readOutputBytes(64), signature);
  core.keyringForget(slot);
});

test('the journal bindings refuse bad lengths and leave their output as it was', () => {
  const size = checked(core.encodeJournalRecord(writeText('{"a":1}')));
  const record = readOutputBytes(size);
  refused((n) => core.encodeJournalRecord(n), 'encodeJournalRecord');
  refused((n) => core.replayJournal(n), 'replayJournal');
  assert.throws(() => checked(core.replayJournal(PAST_WRITTEN)), RangeError);
  assert.deepEqual(readOutputBytes(size), record);
});

test('the input buffers refuse bad sizes and keep what was written', () => {
  const bytes = new Uint8Array([1, 2, 3, 4, 5]);
  const pointer = writeBytes(bytes);
  refused((n) => core.reserveBytes(n), 'reserveBytes');
  refused((n) => core.reserveInput(n, 0), 'reserveInput f64');
  refused((n) => core.reserveInput(0, n), 'reserveInput u32');
  refused((n) => core.reserveInputU32(n), 'reserveInputU32');
  assert.equal(checked(core.reserveBytes(0)), pointer);
  assert.deepEqual(core.HEAPU8.slice(pointer, pointer + 5), bytes);
});

test('schema definition and validation refuse bad lengths, counts and handles; the key table is untouched', () => {
  const schema = defineSchema({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
  const handle = checked(core.defineSchema(writeText('{"type":"object"}')));
  refused((n) => core.defineSchema(n), 'defineSchema');
  refused((n) => core.validate(handle, n), 'validate');
  for (let at = 0; at < 5; at++) {
    refused((n) => core.validateTokens(handle, ...[0, 0, 0, 0, 0].map((zero, i) => (i === at ? n : zero))), `validateTokens argument ${at}`);
  }
  assert.throws(() => checked(core.validate(-1, 0)), RangeError);
  assert.throws(() => checked(core.validate(1e6, 0)), RangeError);
  // The key table still agrees with JS: values with new and known keys validate as before.
  assert.equal(schema.safeParse({ n: 1, fresh: 'key' }).success, true);
  assert.equal(schema.safeParse({ n: 'one' }).success, false);
  assert.deepEqual(schema.safeParse({ n: 2 }).data, { n: 2 });
});

test('simulate and two-tier allocation refuse bad counts and indices, and answer as before afterwards', () => {
  const network = generateNetwork({ n: 20, k: 4, seed: 3 });
  const before = simulate(network, { maxRounds: 5 });
  refused((n) => core.simulate(n, 0, 5, 1e-9, 1, false), 'simulate n');
  refused((n) => core.simulate(1, n, 5, 1e-9, 1, false), 'simulate edges');
  assert.deepEqual(simulate(network, { maxRounds: 5 }), before);

  const args = ['me', 100, 'c', { a: 0.5, b: 0.5 }, { a: 1 }, { a: { residual_need: 50, stated_need: 50 }, b: { residual_need: 50, stated_need: 50 } }];
  const allocation = computeTwoTierAllocation(...args);
  for (let at = 1; at < 4; at++) {
    refused((n) => core.computeTwoTier(100, ...[1, 0, 1].map((one, i) => (i + 1 === at ? n : one)), 'null'), `computeTwoTier count ${at}`);
  }
  // A recipient index that is no whole number below the recipient count.
  for (const index of [NaN, -1, 0.5, 1e300, 2 ** 53, 1]) {
    const f64 = checked(core.reserveInput(5, 0)) / 8;
    core.HEAPF64.set([index, 1, 10, 1, 1], f64);
    assert.throws(() => checked(core.computeTwoTier(100, 1, 0, 1, 'null')), Number.isNaN(index) ? TypeError : RangeError, String(index));
  }
  const again = computeTwoTierAllocation(...args);
  assert.deepEqual({ ...again, timestamp: 0 }, { ...allocation, timestamp: 0 });
});

test('the sync client refuses bad frame limits and connection numbers', () => {
  const peer = checked(core.peerCreate());
  refused((n) => core.clientCreate(peer, 'c-', n), 'clientCreate maxFrameBytes');
  const client = checked(core.clientCreate(peer, 'c-', 1 << 20));
  for (const number of [NaN, -1, 0.5, 1e300, Infinity]) {
    assert.throws(() => checked(core.clientOnOpen(client, number, true)), Number.isNaN(number) ? TypeError : RangeError);
  }
  const opened = JSON.parse(checked(core.clientOnOpen(client, 1, true)));
  assert.deepEqual(opened.send, []);
  core.clientDestroy(client);
  core.peerDestroy(peer);
});

test('frames and stored writes are read from the input buffer by their length: bad lengths are refused and change nothing', () => {
  const relayModule = { core: relayCore, checked: relayChecked };
  const peer = relayChecked(relayCore.peerCreate());
  const relay = relayChecked(relayCore.relayCreate(peer, 1 << 20, 'r-', Infinity, '', '[]'));
  const frame = Buffer.from(JSON.stringify({ '#': 'p1', put: { a: { _: { '#': 'a', '>': { n: 1 } }, n: 1 } } }));
  const sizes = relayCore.relayTableSizes(relay);
  for (const [name, call] of [
    ['relayOnFrame', (n) => relayCore.relayOnFrame(relay, 1, n, Date.now())],
    ['relayLoadDeferred', (n) => relayCore.relayLoadDeferred(relay, n, Date.now())],
    ['relayApplyStored', (n) => relayCore.relayApplyStored(relay, n, -1, Date.now(), true)],
  ]) {
    writeJsonText(frame);
    refused(call, name, relayModule);
    assert.throws(() => relayChecked(call(PAST_WRITTEN)), RangeError);
  }
  assert.equal(relayCore.relayTableSizes(relay), sizes, 'no frame was taken');
  // The same frame, given by its length in bytes, is taken once (its bytes, or its text).
  assert.deepEqual(outcomeOf(relayCore.relayOnFrame(relay, 1, writeJsonText(frame), Date.now())).handled, [['put', null]]);
  assert.deepEqual(outcomeOf(relayCore.relayOnFrame(relay, 1, writeJsonText(frame.toString()), Date.now())).handled, [['put', 'duplicate']]);
  relayCore.relayDestroy(relay);
  relayCore.peerDestroy(peer);

  const clientPeer = checked(core.peerCreate());
  const client = checked(core.clientCreate(clientPeer, 'c-', 1 << 20));
  checked(core.clientOnOpen(client, 1, true));
  const ack = writeText(JSON.stringify({ '#': 'r1', '@': 'nothing', ok: true }));
  refused((n) => core.clientOnFrame(client, 1, n, Date.now()), 'clientOnFrame');
  assert.throws(() => checked(core.clientOnFrame(client, 1, PAST_WRITTEN, Date.now())), RangeError);
  assert.deepEqual(JSON.parse(checked(core.clientOnFrame(client, 1, ack, Date.now()))).errors, []);
  core.clientDestroy(client);
  core.peerDestroy(clientPeer);
});

test('JSON text a binding takes is parsed or refused with a TypeError naming it', () => {
  const peer = checked(core.peerCreate());
  const client = checked(core.clientCreate(peer, 'c-', 1 << 20));
  checked(core.clientOnOpen(client, 1, true));
  for (const text of ['{"sdp":', 'not json', '']) {
    assert.throws(() => checked(core.clientSignal(client, 1, 'someone', text)), (e) => e instanceof TypeError && /^data is not valid JSON/.test(e.message), text);
    assert.throws(() => checked(core.clientPublish(client, text)), (e) => e instanceof TypeError && /^applied is not valid JSON/.test(e.message), text);
  }
  assert.equal(core.pendingError, null);
  core.clientDestroy(client);
  core.peerDestroy(peer);
});
