// Direct channels between peers in Node through node-datachannel (real
// WebRTC on loopback), signalled through a real relay: writes travel over
// the direct channel when the relay is gone, and over the relay again when
// the direct channel closes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'node-datachannel';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { createPeer } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { until } from './support/chains.mjs';
import { eventually } from './support/eventually.mjs';

// libdatachannel's threads can outlive the connections we closed and keep
// the process alive; its own cleanup() stops them once every test is done.
after(() => cleanup());

// Records the connections a peer makes, so a test can cut them.
function recordingRtc() {
  const made = [];
  class Recorded extends RTCPeerConnection {
    constructor(...args) {
      super(...args);
      made.push(this);
    }
  }
  return { RTCPeerConnection: Recorded, made };
}

// Closes what a test opened even when it fails: open channels would keep the process alive.
function closeAfter(t, ...things) {
  t.after(async () => {
    for (const thing of things) await thing.close().catch(() => {});
  });
}

test('a direct channel opens through the relay and carries writes when the relay is gone', async (t) => {
  const relay = await createRelay({ port: 0 });
  const a = createPeer({ peers: [relay.url], webrtc: { RTCPeerConnection } });
  const b = createPeer({ peers: [relay.url], webrtc: { RTCPeerConnection } });
  closeAfter(t, a, b);
  await a.get('room').put({ hello: 'relay' });
  assert.equal(await until(b.get('room').next('hello'), (v) => v === 'relay'), 'relay');
  await eventually('a direct channel on both ends', () => a.directChannels === 1 && b.directChannels === 1);

  await relay.close();
  await eventually('both see the relay go', () => !a.connected && !b.connected);
  const heard = until(b.get('room').next('hello'), (v) => v === 'direct');
  await a.get('room').put({ hello: 'direct' });
  assert.equal(await heard, 'direct');
  await a.close();
  await b.close();
});

test('when the direct channel closes, writes travel through the relay again', async (t) => {
  const relay = await createRelay({ port: 0 });
  const rtcA = recordingRtc();
  const a = createPeer({ peers: [relay.url], webrtc: rtcA });
  const b = createPeer({ peers: [relay.url], webrtc: { RTCPeerConnection } });
  closeAfter(t, a, b);
  await b.get('room').once(); // b follows the room from the start
  b.get('room').on(() => {});
  await eventually('a direct channel on both ends', () => a.directChannels === 1 && b.directChannels === 1);

  for (const connection of rtcA.made) connection.close();
  await eventually('the channel closed on both ends', () => a.directChannels === 0 && b.directChannels === 0);
  assert.ok(a.connected && b.connected);
  const heard = until(b.get('room').next('after'), (v) => v === 'relay');
  await a.get('room').put({ after: 'relay' });
  assert.equal(await heard, 'relay');
  await a.close();
  await b.close();
  await relay.close();
});

test('a peer without WebRTC is never offered a direct channel', async () => {
  const relay = await createRelay({ port: 0 });
  const a = createPeer({ peers: [relay.url], webrtc: { RTCPeerConnection } });
  const b = createPeer({ peers: [relay.url], webrtc: false });
  await a.get('x').put({ y: 1 });
  assert.equal(await until(b.get('x').next('y'), (v) => v === 1), 1);
  assert.equal(a.directChannels + b.directChannels, 0);
  assert.throws(() => createPeer({ webrtc: 'yes' }), /webrtc must be/);
  await a.close();
  await b.close();
  await relay.close();
});
