// Something on the path (a proxy here; a peer relay or a direct peer could
// do the same) sends a forged copy of a signed write first, under the
// genuine frame's id, then the genuine frame. The copy is refused for its
// signature; the genuine write must still arrive: at the relay (and the
// writer is acknowledged, although the refusal of the copy reached it
// first), and at a reader whose relay connection is forged the same way.
// Real relay, real peers, real WebSockets, loopback only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer, WebSocket } from 'ws';
import { createPeer } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';

// The frame with every string and number in user nodes (souls "~<pub>…",
// not aliases) changed, keeping ids and signatures: null when it has none.
function forgedCopy(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  let changed = false;
  for (const message of Array.isArray(frame) ? frame : [frame]) {
    for (const [soul, node] of Object.entries(message?.put ?? {})) {
      if (!soul.startsWith('~') || soul.startsWith('~@')) continue;
      for (const [field, value] of Object.entries(node)) {
        if (field === '_') continue;
        if (typeof value === 'string') node[field] = `${value}, forged`, (changed = true);
        else if (typeof value === 'number') node[field] = value + 1, (changed = true);
      }
    }
  }
  return changed ? JSON.stringify(frame) : null;
}

// A proxy to `upstream` that sends the forged copy of each frame going
// `direction` ('up': to the relay, 'down': to the client) just before it.
async function forgingProxy(upstream, direction) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const stats = { forged: 0, refusals: 0 };
  const forgedIds = new Set();
  server.on('connection', (client) => {
    const relay = new WebSocket(upstream);
    const early = [];
    relay.on('open', () => early.splice(0).forEach((text) => relay.send(text)));
    const toRelay = (text) => (relay.readyState === WebSocket.OPEN ? relay.send(text) : early.push(text));
    const pass = (text, send, forging) => {
      const forged = forging ? forgedCopy(text) : null;
      if (forged) {
        stats.forged++;
        forgedIds.add(JSON.parse(text)['#']);
        send(forged);
      }
      send(text);
    };
    client.on('message', (data) => pass(data.toString(), toRelay, direction === 'up'));
    relay.on('message', (data) => {
      const text = data.toString();
      const message = JSON.parse(text);
      if (message.err && forgedIds.has(message['@'])) stats.refusals++;
      pass(text, (t) => client.send(t), direction === 'down');
    });
    client.on('close', () => relay.close());
    relay.on('close', () => client.close());
    relay.on('error', () => client.terminate());
  });
  return {
    url: `ws://127.0.0.1:${server.address().port}/`,
    stats,
    close: () => new Promise((resolve) => {
      for (const socket of server.clients) socket.terminate();
      server.close(resolve);
    }),
  };
}

test('a forged copy sent ahead under the same id neither hides the genuine write nor makes its writer give it up', { timeout: 20_000 }, async () => {
  const relay = await createRelay({ port: 0 });
  const up = await forgingProxy(relay.url, 'up');
  const down = await forgingProxy(relay.url, 'down');
  const alice = createPeer({ storage: 'memory', peers: [up.url], passwordCost: 'test' });
  const bob = createPeer({ storage: 'memory', peers: [down.url], passwordCost: 'test' });
  try {
    await alice.user().create('alice', 'pw');
    await alice.user().auth('alice', 'pw');
    const pub = alice.user().is.pub;
    await alice.user().get('note').put('genuine');
    await alice.user().get('count').put(7);
    // The relay refused the copies (and Alice heard of it first), took the
    // genuine frames and acknowledged them: nothing is left pending.
    await alice.synced();
    assert.equal(alice.pendingWrites, 0);
    assert.ok(up.stats.forged >= 2, `copies forged on the way up: ${up.stats.forged}`);
    assert.ok(up.stats.refusals >= 2, `refusals of forged copies: ${up.stats.refusals}`);

    // Bob's relay connection carries a forged copy of each answer ahead of it.
    assert.equal(await bob.get(`~${pub}`).next('note').once(), 'genuine');
    assert.equal(await bob.get(`~${pub}`).next('count').once(), 7);
    assert.ok(down.stats.forged >= 1, `copies forged on the way down: ${down.stats.forged}`);
  } finally {
    await alice.close();
    await bob.close();
    await up.close();
    await down.close();
    await relay.close();
  }
});
