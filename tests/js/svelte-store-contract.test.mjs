// svelte's store contract, checked on our stores together with svelte's own
// derived/get/readonly. The cases follow svelte's contract tests
// (sveltejs/svelte, packages/svelte/tests/store/test.ts at commit
// 15720b16a5ef33e3e1f4301c77b94ec375070e73), rewritten here for stores that
// hold schema-checked objects: where svelte's writable holds 1, ours holds
// {n: 1}. Cases about svelte's own readable()/toStore()/fromStore() have no
// counterpart here; the `start` callback of writable() is our store
// following its document, covered in store.test.mjs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { derived, get, readonly } from 'svelte/store';
import { createPeer, createHolsterStore, defineSchema } from '../../js/index.js';

let peer;
const made = [];
let paths = 0;

// A store of objects, persisted rarely (the writes are not what is checked here).
function writable(initial) {
  const store = createHolsterStore({ holsterPath: `contract${paths++}`, schema: defineSchema({ type: 'object' }), peer, persistDebounce: 60000 });
  if (initial !== undefined) store.set(initial);
  made.push(store);
  return store;
}
const n = (value) => ({ n: value });
const ns = (values) => values.map((v) => v?.n ?? null);

before(async () => {
  peer = createPeer({ storage: 'memory', passwordCost: 'test' });
  await peer.user().create('contract', 'pw');
  await peer.user().auth('contract', 'pw');
});
after(async () => {
  await Promise.all(made.map((store) => store.cleanup()));
  await peer.close();
});

describe('writable', () => {
  it('delivers the current value, every set and update, nothing after unsubscribe', () => {
    const count = writable(n(0));
    const values = [];
    const unsubscribe = count.subscribe((value) => values.push(value));
    count.set(n(1));
    count.update((d) => n(d.n + 1));
    unsubscribe();
    count.set(n(3));
    count.update((d) => n(d.n + 1));
    assert.deepEqual(ns(values), [0, 1, 2]);
  });

  it('starts out holding null (our undefined)', () => {
    const values = [];
    writable().subscribe((value) => values.push(value))();
    assert.deepEqual(values, [null]);
  });

  it('does not assume immutable data: set(sameObject) and update returning it notify', () => {
    const obj = { count: 0 };
    const store = writable(obj);
    let called = 0;
    const unsubscribe = store.subscribe(() => (called += 1));
    store.set(obj);
    assert.equal(called, 2);
    store.update((d) => {
      d.count++;
      return d;
    });
    assert.equal(called, 3);
    const doubled = derived(store, (d) => d.count * 2);
    const seen = [];
    const unsubscribeDoubled = doubled.subscribe((v) => seen.push(v));
    store.update((d) => {
      d.count++;
      return d;
    });
    assert.deepEqual(seen, [2, 4], 'derived stores do not go stale');
    unsubscribe();
    unsubscribeDoubled();
  });

  it('calls a subscriber once initially, including on resubscriptions', () => {
    const store = writable(n(1));
    let first = 0;
    let second = 0;
    store.subscribe(() => (first += 1))();
    assert.equal(first, 1);
    const unsubscribe = store.subscribe(() => (second += 1));
    assert.equal(second, 1);
    unsubscribe();
  });

  it('unsubscribing twice is harmless', () => {
    const unsubscribe = writable(n(1)).subscribe(() => {});
    unsubscribe();
    assert.doesNotThrow(() => unsubscribe());
  });

  it('a set made inside a subscriber reaches every subscriber in order', () => {
    const count = writable(n(0));
    const first = [];
    const second = [];
    const offFirst = count.subscribe((value) => {
      first.push(value.n);
      if (value.n === 1) count.set(n(2));
    });
    const offSecond = count.subscribe((value) => second.push(value.n));
    count.set(n(1));
    assert.deepEqual(first, [0, 1, 2]);
    assert.deepEqual(second, [0, 1, 2]);
    offFirst();
    offSecond();
  });
});

describe('derived (svelte) over our stores', () => {
  it('maps a single store', () => {
    const a = writable(n(1));
    const b = derived(a, (d) => d.n * 2);
    const values = [];
    const unsubscribe = b.subscribe((value) => values.push(value));
    a.set(n(2));
    assert.deepEqual(values, [2, 4]);
    unsubscribe();
    a.set(n(3));
    assert.deepEqual(values, [2, 4]);
  });

  it('maps multiple stores', () => {
    const a = writable(n(2));
    const b = writable(n(3));
    const c = derived([a, b], ([x, y]) => x.n * y.n);
    const values = [];
    const unsubscribe = c.subscribe((value) => values.push(value));
    a.set(n(4));
    b.set(n(5));
    assert.deepEqual(values, [6, 12, 20]);
    unsubscribe();
    a.set(n(6));
    assert.deepEqual(values, [6, 12, 20]);
  });

  it('passes the optional set function', () => {
    const number = writable(n(1));
    const evens = derived(number, (d, set) => {
      if (d.n % 2 === 0) set(d.n);
    }, 0);
    const values = [];
    const unsubscribe = evens.subscribe((value) => values.push(value));
    for (const v of [2, 3, 4, 5]) number.set(n(v));
    assert.deepEqual(values, [0, 2, 4]);
    unsubscribe();
    for (const v of [6, 7, 8]) number.set(n(v));
    assert.deepEqual(values, [0, 2, 4]);
  });

  it('passes the optional set and update functions', () => {
    const number = writable(n(1));
    const evensAndSquaresOf4 = derived(number, (d, set, update) => {
      if (d.n % 2 === 0) set(d.n);
      if (d.n % 4 === 0) update((v) => v * v);
    }, 0);
    const values = [];
    const unsubscribe = evensAndSquaresOf4.subscribe((value) => values.push(value));
    for (const v of [2, 3, 4, 5, 6]) number.set(n(v));
    assert.deepEqual(values, [0, 2, 4, 16, 6]);
    for (const v of [7, 8, 9, 10]) number.set(n(v));
    assert.deepEqual(values, [0, 2, 4, 16, 6, 8, 64, 10]);
    unsubscribe();
    for (const v of [11, 12]) number.set(n(v));
    assert.deepEqual(values, [0, 2, 4, 16, 6, 8, 64, 10]);
  });

  it('prevents glitches', () => {
    const lastname = writable({ name: 'Jekyll' });
    const firstname = derived(lastname, (d) => (d.name === 'Jekyll' ? 'Henry' : 'Edward'));
    const fullname = derived([firstname, lastname], ([first, last]) => `${first} ${last.name}`);
    const values = [];
    const unsubscribe = fullname.subscribe((value) => values.push(value));
    lastname.set({ name: 'Hyde' });
    assert.deepEqual(values, ['Henry Jekyll', 'Edward Hyde']);
    unsubscribe();
  });

  it('prevents the diamond dependency problem', () => {
    const count = writable(n(0));
    const a = derived(count, (d) => `a${d.n}`);
    const b = derived(count, (d) => `b${d.n}`);
    const combined = derived([a, b], ([x, y]) => x + y);
    const values = [];
    const unsubscribe = combined.subscribe((value) => values.push(value));
    assert.deepEqual(values, ['a0b0']);
    count.set(n(1));
    assert.deepEqual(values, ['a0b0', 'a1b1']);
    unsubscribe();
  });

  it('a derived dependency that does not change while a shared ancestor does', () => {
    const root = writable({ a: 0, b: 0 });
    const a = derived(root, (d) => `a${d.a}`);
    const b = derived([a, root], ([x, d]) => `b${d.b}${x}`);
    const values = [];
    const unsubscribe = b.subscribe((value) => values.push(value));
    assert.deepEqual(values, ['b0a0']);
    root.set({ a: 0, b: 1 });
    assert.deepEqual(values, ['b0a0', 'b1a0']);
    unsubscribe();
  });

  it('follows safe_not_equal: a derived store returning the same array still notifies', () => {
    const arr = [0];
    const number = writable(n(1));
    const numbers = derived(number, (d) => {
      arr[0] = d.n;
      return arr;
    });
    const concatenated = [];
    const unsubscribe = numbers.subscribe((value) => concatenated.push(...value));
    number.set(n(2));
    number.set(n(3));
    assert.deepEqual(concatenated, [1, 2, 3]);
    unsubscribe();
  });

  it('calls a cleanup function', () => {
    const num = writable(n(1));
    const values = [];
    const cleanedUp = [];
    const d = derived(num, (v, set) => {
      set(v.n * 2);
      return () => cleanedUp.push(v.n);
    });
    num.set(n(2));
    const unsubscribe = d.subscribe((value) => values.push(value));
    num.set(n(3));
    num.set(n(4));
    assert.deepEqual(values, [4, 6, 8]);
    assert.deepEqual(cleanedUp, [2, 3]);
    unsubscribe();
    assert.deepEqual(cleanedUp, [2, 3, 4]);
  });

  it('discards non-function return values', () => {
    const num = writable(n(1));
    const values = [];
    const d = derived(num, (v, set) => {
      set(v.n * 2);
      return {};
    });
    num.set(n(2));
    const unsubscribe = d.subscribe((value) => values.push(value));
    num.set(n(3));
    num.set(n(4));
    assert.deepEqual(values, [4, 6, 8]);
    unsubscribe();
  });

  it('combines stores of different shapes', () => {
    const a = writable({ word: 'one' });
    const b = writable(n(1));
    const c = derived([a, b], ([x, y]) => `${x.word} ${y.n}`);
    assert.equal(get(c), 'one 1');
    a.set({ word: 'two' });
    b.set(n(2));
    assert.equal(get(c), 'two 2');
  });

  it('does not restart when unsubscribed from another store with a shared ancestor', () => {
    const a = writable({ on: true });
    let bStarted = false;
    const b = derived(a, (_value, _set) => {
      bStarted = true;
      return () => {
        assert.equal(bStarted, true);
        bStarted = false;
      };
    });
    const c = derived(a, (d, set) => {
      if (d.on) return b.subscribe(set);
    });
    const unsubscribe = c.subscribe(() => {});
    a.set({ on: false });
    assert.equal(bStarted, false);
    unsubscribe();
  });
});

describe('get and readonly', () => {
  it('get gives the current value', () => {
    const store = writable(n(42));
    assert.deepEqual(get(store), n(42));
  });

  it('readonly follows the store and cannot set it', () => {
    const store = writable(n(1));
    const view = readonly(store);
    assert.deepEqual(get(view), get(store));
    store.set(n(2));
    assert.deepEqual(get(view), n(2));
    assert.throws(() => view.set(n(3)));
  });
});
