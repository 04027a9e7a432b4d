// Zod v4 as input: what defineSchema's parse gives must be what Zod's parse
// gives on the same data (objects strip unknown keys unless .passthrough(),
// .strict() or .catchall() say otherwise), what the store stores is that
// value, and what the core cannot do the way Zod does is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { createPeer, createHolsterStore, defineSchema } from '../../js/index.js';

// Ours and Zod's answers on each input: both succeed with equal data, or both fail.
function assertSameAsZod(zodSchema, inputs) {
  const ours = defineSchema(zodSchema);
  for (const input of inputs) {
    const expected = zodSchema.safeParse(input);
    const actual = ours.safeParse(input);
    const shown = JSON.stringify(input);
    assert.equal(actual.success, expected.success, `${shown}: Zod says ${expected.success ? 'valid' : 'invalid'}`);
    if (expected.success) assert.deepEqual(actual.data, expected.data, `${shown}: the parsed value differs from Zod's`);
  }
}

test('z.object strips unknown keys by default, at every depth, in arrays, records and unions', () => {
  const Item = z.object({ id: z.string(), tags: z.array(z.object({ name: z.string() })).optional() });
  const Schema = z.object({
    title: z.string(),
    item: Item,
    byId: z.record(z.string(), Item),
    either: z.union([z.object({ kind: z.literal('a'), a: z.number() }), z.object({ kind: z.literal('b'), b: z.string() })]),
    size: z.number().default(3),
  });
  const base = { title: 't', item: { id: 'i' }, byId: {}, either: { kind: 'a', a: 1 } };
  assertSameAsZod(Schema, [
    base,
    { ...base, extra: 1 },
    { ...base, item: { id: 'i', secret: true, tags: [{ name: 'n', colour: 'red' }] } },
    { ...base, byId: { x: { id: 'x', hidden: 1 } } },
    { ...base, either: { kind: 'b', b: 's', a: 1, more: [] } },
    { ...base, either: { kind: 'c' } },
    { ...base, title: 1 },
  ]);
  const parsed = defineSchema(Schema).parse({ ...base, extra: 1 });
  assert.equal('extra' in parsed, false);
});

test('.passthrough() keeps unknown keys, .strict() refuses them, .catchall() checks them', () => {
  const inputs = [{ a: 'x' }, { a: 'x', b: 1 }, { a: 'x', b: 'two' }, { a: 1 }];
  assertSameAsZod(z.object({ a: z.string() }).passthrough(), inputs);
  assertSameAsZod(z.object({ a: z.string() }).strict(), inputs);
  assertSameAsZod(z.object({ a: z.string() }).catchall(z.number()), inputs);
  assertSameAsZod(z.looseObject({ a: z.string() }), inputs);
  assertSameAsZod(z.strictObject({ a: z.string() }), inputs);
});

test('string formats and patterns from Zod are enforced as Zod enforces them', () => {
  assertSameAsZod(z.string().email(), ['ann@example.com', 'ann@example', 'not an email', '"quoted"@example.com', 'a..b@example.com']);
  assertSameAsZod(z.string().uuid(), ['2eb8aa08-aa98-11ea-b4aa-73b441d16380', '2eb8aa08-aa98-11ea-b4aa-73b441d1638', 'x']);
  assertSameAsZod(z.string().regex(/^a+b?$/), ['aaa', 'aab', 'ba', '']);
  assertSameAsZod(z.iso.datetime(), ['2024-02-29T12:00:00Z', '2023-02-29T12:00:00Z', '2024-01-01T12:00:00+01:00', '2024-01-01']);
  assertSameAsZod(z.iso.date(), ['2024-02-29', '2023-02-29', '2024-1-1']);
  assertSameAsZod(z.iso.time(), ['12:00', '12:00:00.5', '24:00']);
  assertSameAsZod(z.ipv4(), ['127.0.0.1', '256.0.0.1', '1.2.3']);
  assertSameAsZod(z.ipv6(), ['::1', '1:2:3:4:5:6:7:8', '1::2::3']);
  assertSameAsZod(z.string().startsWith('x').endsWith('y'), ['xy', 'xay', 'ay']);
  assertSameAsZod(z.object({ contact: z.string().email(), id: z.string().uuid() }), [
    { contact: 'ann@example.com', id: '2eb8aa08-aa98-11ea-b4aa-73b441d16380', extra: 1 },
    { contact: 'ann', id: '2eb8aa08-aa98-11ea-b4aa-73b441d16380' },
  ]);
});

test('what runs code in Zod is refused with a TypeError naming the place', () => {
  const cases = [
    [z.object({ n: z.string().transform((s) => s.length) }), /#\/properties\/n uses \.transform\(\)/],
    [z.object({ n: z.string().refine((s) => s.length > 1) }), /#\/properties\/n uses \.refine\(\)/],
    [z.object({ list: z.array(z.string().trim()) }), /#\/properties\/list\/items uses a transforming check/],
    [z.preprocess((v) => String(v), z.string()), /# uses z\.preprocess\(\)/],
    [z.object({ n: z.string().pipe(z.string().min(2)) }), /#\/properties\/n uses \.pipe\(\)/],
    [z.object({ n: z.coerce.number() }), /#\/properties\/n uses z\.coerce/],
    [z.object({ n: z.string().regex(/^a$/i) }), /#\/properties\/n uses a regular expression with the flags "i"/],
    [z.object({ n: z.number().catch(0) }), /#\/properties\/n uses \.catch\(\)/],
    [z.object({ when: z.date() }), /Zod cannot export this schema/],
  ];
  for (const [schema, message] of cases) {
    assert.throws(() => defineSchema(schema), (error) => error instanceof TypeError && message.test(error.message), String(message));
  }
});

test('the store stores and returns the stripped value', async () => {
  const peer = createPeer({ storage: 'memory', passwordCost: 'test' });
  await peer.user().create('zoe', 'pw');
  await peer.user().auth('zoe', 'pw');
  const store = createHolsterStore({ holsterPath: 'notes', schema: z.object({ title: z.string() }), peer, persistDebounce: 0 });
  let shown = null;
  const off = store.subscribe((value) => (shown = value));
  store.set({ title: 'a', extra: 1 });
  assert.deepEqual(shown, { title: 'a' });
  await store.persist();
  const stored = await new Promise((resolve) => {
    const stop = peer.user().get('notes').on((node) => {
      if (!node?.title) return;
      queueMicrotask(() => stop());
      resolve(node);
    }, { get: true });
  });
  assert.equal(stored.title, '"a"');
  assert.equal('extra' in stored, false, 'the unknown key was not stored');
  off();
  await store.cleanup();
  await peer.close();
});
