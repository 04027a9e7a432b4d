// B3 (second part): time from store.set() to the write being durable in
// IndexedDB (strict durability), in Chromium, against a bare IndexedDB put
// of the same document in the same page: what the store adds on top of
// the storage itself (validation, delta, signing, graph merge).
import { startDemoServer } from '../js/relay/demo-server.js';
import { launchChromium } from '../tests/browser/support/chromium.mjs';
import { format } from './stats.mjs';

export async function runB3Durable({ rounds = 60 } = {}) {
  const server = await startDemoServer({ port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const { oursMs, bareMs } = await page.evaluate(async (rounds) => {
      const { createPeer, createHolsterStore, schemas } = await import('/js/index.js');
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const peer = createPeer({ name: `bench-${Date.now()}`, passwordCost: 'test' });
      await peer.user().create('bench', 'pw');
      await peer.user().auth('bench', 'pw');
      const store = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, peer, persistDebounce: 0 });
      const doc = (i) => ({ residual_need: i, stated_need: 1000, damping_factor: 0.8, mr_values: { a: 0.5, b: 0.25 }, timestamp: 1732000000000 + i });
      const ours = [];
      for (let i = 0; i < rounds; i++) {
        const start = performance.now();
        store.set(doc(i));
        await store.persist();
        ours.push(performance.now() - start);
      }
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(`bare-${Date.now()}`, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('docs');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const bare = [];
      for (let i = 0; i < rounds; i++) {
        const start = performance.now();
        await new Promise((resolve, reject) => {
          const transaction = db.transaction('docs', 'readwrite', { durability: 'strict' });
          transaction.objectStore('docs').put(JSON.stringify(doc(i)), 'doc');
          transaction.oncomplete = resolve;
          transaction.onabort = () => reject(transaction.error);
        });
        bare.push(performance.now() - start);
      }
      await store.cleanup();
      await peer.close();
      return { oursMs: median(ours.slice(5)), bareMs: median(bare.slice(5)) };
    }, rounds);
    return {
      rows: [{
        id: 'B3',
        workload: 'store.set() → durable in IndexedDB (Chromium), commitment, signed',
        ours: format.ms(oursMs),
        baseline: `${format.ms(bareMs)} (one bare IndexedDB put, strict)`,
        ratio: `${(oursMs / bareMs).toFixed(2)}x the bare write`,
        required: '— (reported)',
        status: 'info',
        values: { oursMs, bareMs },
      }],
      mismatches: [],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
