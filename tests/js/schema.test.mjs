// Schemas through the package: the built-ins, errors as Zod reports them,
// JSON Schema and Zod v4 definitions, and agreement with Zod itself on
// seeded random documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { schemas, defineSchema, withTimestamp, schemaRegistry, SchemaError } from '../../js/index.js';
import { prng } from '../oracle/allocation.mjs';

const minimal = () => ({ residual_need: 500, stated_need: 1000, timestamp: Date.now() });

test("the seed's commitment tests: valid passes, negative need fails at residual_need", () => {
  const valid = minimal();
  const ok = schemas.Commitment.safeParse(valid);
  assert.equal(ok.success, true);
  assert.equal(ok.data, valid, 'valid data is returned as given');
  const bad = schemas.Commitment.safeParse({ ...minimal(), residual_need: -100 });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error.issues, [{ path: ['residual_need'], code: 'too_small', message: 'Too small: expected number to be >=0' }]);
});

test('every problem is listed, NaN and Infinity included, in the order of the document', () => {
  const result = schemas.Commitment.safeParse({
    residual_need: NaN,
    stated_need: 'lots',
    mr_values: { bob: 1.5, carol: Infinity },
    over_allocation_history: [1, 2, 3, 4],
  });
  assert.deepEqual(
    result.error.issues.map((issue) => [issue.path, issue.message]),
    [
      [['residual_need'], 'Invalid input: expected number, received NaN'],
      [['stated_need'], 'Invalid input: expected number, received string'],
      [['mr_values', 'bob'], 'Too big: expected number to be <=1'],
      [['mr_values', 'carol'], 'Invalid input: expected number, received Infinity'],
      [['over_allocation_history'], 'Too big: expected array to have <=3 items'],
      [['timestamp'], 'Invalid input: expected integer, received undefined'],
    ],
  );
});

test('parse returns the data or throws SchemaError carrying the issues', () => {
  const value = minimal();
  assert.equal(schemas.Commitment.parse(value), value);
  assert.throws(
    () => schemas.RoundState.parse({ pubKey: 'alice', round: -1, vectorClock: {}, timestamp: 1 }),
    (error) => error instanceof SchemaError && error instanceof Error && error.name === 'SchemaError' &&
      error.issues.length === 1 && /RoundState: round: Too small/.test(error.message),
  );
});

test('values JSON cannot hold become issues, not exceptions', () => {
  for (const value of [undefined, () => 1, Symbol('s'), { residual_need: 10n }]) {
    const result = schemas.Commitment.safeParse(value);
    assert.equal(result.success, false);
    assert.equal(result.error.issues[0].code, 'invalid_type');
  }
  const cyclic = minimal();
  cyclic.self = cyclic;
  assert.equal(schemas.Commitment.safeParse(cyclic).success, false);
});

test('values are checked in their JSON form: an undefined property is absent', () => {
  assert.equal(schemas.Commitment.safeParse({ ...minimal(), capacity: undefined, mr_values: { bob: undefined } }).success, true);
  assert.deepEqual(schemas.Commitment.safeParse({ ...minimal(), timestamp: undefined }).error.issues[0].path, ['timestamp']);
  assert.deepEqual(schemas.Commitment.safeParse({ ...minimal(), over_allocation_history: [1, undefined] }).error.issues[0].path, ['over_allocation_history', 1]);
});

test('each built-in publishes its JSON Schema and is in the registry', () => {
  for (const name of ['VectorClock', 'RoundState', 'Commitment', 'TwoTierAllocationState', 'CapacityFilter', 'RecognitionWeights']) {
    assert.equal(schemas[name].jsonSchema.title, name);
    assert.equal(schemaRegistry.get(name), schemas[name]);
  }
  assert.deepEqual(schemas.VectorClock.jsonSchema.additionalProperties, { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
});

test('defineSchema from JSON Schema: defaults are filled in without touching the input', () => {
  const Settings = defineSchema({
    type: 'object',
    properties: { theme: { enum: ['light', 'dark'], default: 'light' }, size: { type: 'integer', minimum: 1 } },
    required: ['theme'],
  }, 'Settings');
  const input = { size: 3 };
  assert.deepEqual(Settings.parse(input), { size: 3, theme: 'light' });
  assert.deepEqual(input, { size: 3 });
  assert.equal(Settings.safeParse({ theme: 'blue' }).error.issues[0].code, 'invalid_value');
});

test('schemas a validator cannot enforce are refused with the place named', () => {
  assert.throws(() => defineSchema({ properties: { n: { type: 'number', multipleOf: 3 } } }), {
    name: 'TypeError',
    message: /#\/properties\/n\/multipleOf/,
  });
  assert.throws(() => defineSchema({ $ref: '#/$defs/nowhere' }), TypeError);
  assert.throws(() => defineSchema('not a schema'), TypeError);
  assert.throws(() => defineSchema(z.string().transform((text) => text.length)), /transform/);
});

test('withTimestamp wraps as {_updatedAt, data}', () => {
  const Stamped = withTimestamp(schemas.RecognitionWeights);
  assert.equal(Stamped.safeParse({ _updatedAt: 5, data: { bob: 0.5 } }).success, true);
  assert.deepEqual(Stamped.safeParse({ _updatedAt: 5, data: { bob: 2 } }).error.issues[0].path, ['data', 'bob']);
  assert.deepEqual(Stamped.safeParse({ data: {} }).error.issues[0].path, ['_updatedAt']);
});

test('the registry takes new schemas once per name', () => {
  const Note = defineSchema({ type: 'string', maxLength: 10 });
  assert.equal(schemaRegistry.register('test.Note', Note), Note);
  assert.ok(schemaRegistry.names().includes('test.Note'));
  assert.throws(() => schemaRegistry.register('test.Note', Note), RangeError);
  assert.throws(() => schemaRegistry.register('test.Other', { safeParse() {} }), TypeError);
});

// ---- agreement with Zod on seeded random documents ----

const share = z.number().min(0).max(1);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const ZodCommitment = z.object({
  residual_need: z.number().min(0),
  stated_need: z.number().min(0),
  capacity: z.number().min(0).optional(),
  mr_values: z.record(z.string(), share).optional(),
  damping_factor: share.optional(),
  over_allocation_history: z.array(z.number().min(0)).max(3).optional(),
  attributes: z.record(z.string(), z.union([scalar, z.array(scalar)])).optional(),
  timestamp: z.number().int().positive(),
  round: z.number().int().min(0).optional(),
  label: z.string().min(1).max(8).optional(),
  kind: z.enum(['offer', 'need']).optional(),
});

// Valid-looking documents with a few random mutations.
function randomDocument(rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  // No `undefined`: we check the JSON form, where an undefined property is
  // absent (tested on its own below); Zod rejects it inside records.
  const odd = () => pick([-1, 1.5, NaN, Infinity, -Infinity, 'x', null, true, [], {}, 0, 0.5, 2 ** 53, -0]);
  const doc = { residual_need: rand() * 100, stated_need: rand() * 100, timestamp: 1 + Math.floor(rand() * 1e12) };
  if (rand() < 0.5) doc.capacity = rand() * 50;
  if (rand() < 0.7) doc.mr_values = Object.fromEntries(Array.from({ length: Math.floor(rand() * 6) }, (_, i) => [`p${i}`, rand()]));
  if (rand() < 0.5) doc.damping_factor = pick([0.5, 0.8, 1]);
  if (rand() < 0.5) doc.over_allocation_history = Array.from({ length: Math.floor(rand() * 5) }, () => rand() * 10);
  if (rand() < 0.5) doc.attributes = { location: pick(['SF', 'NYC']), skills: ['a', 'b'] };
  if (rand() < 0.3) doc.round = Math.floor(rand() * 5);
  if (rand() < 0.3) doc.label = pick(['', 'ok', 'much too long', 'né']);
  if (rand() < 0.3) doc.kind = pick(['offer', 'need', 'gift']);
  const mutations = Math.floor(rand() * 3);
  for (let m = 0; m < mutations; m++) {
    const keys = Object.keys(doc);
    const key = pick(keys);
    if (doc[key] && typeof doc[key] === 'object' && !Array.isArray(doc[key]) && rand() < 0.5) {
      doc[key][pick(['p0', 'location', 'zz'])] = odd();
    } else if (Array.isArray(doc[key]) && rand() < 0.5) {
      doc[key].push(odd());
    } else if (rand() < 0.15) {
      delete doc[key];
    } else {
      doc[key] = odd();
    }
  }
  return doc;
}

const pathKey = (issue) => JSON.stringify(issue.path);

test('a Zod v4 schema compiled into the core agrees with Zod on 2,000 seeded documents', () => {
  const Ours = defineSchema(ZodCommitment, 'ZodCommitment');
  const rand = prng(2026);
  let invalid = 0;
  for (let i = 0; i < 2000; i++) {
    const doc = randomDocument(rand);
    const theirs = ZodCommitment.safeParse(doc);
    const ours = Ours.safeParse(doc);
    const context = `document ${i}: ${JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`;
    assert.equal(ours.success, theirs.success, `${context}\nours: ${JSON.stringify(ours.error?.issues)}\nZod: ${JSON.stringify(theirs.error?.issues)}`);
    if (theirs.success) continue;
    invalid++;
    // Every place Zod finds a problem, we find one too. We may list more:
    // Zod skips an array's items once its length check fails; we report all.
    const ourPlaces = new Set(ours.error.issues.map(pathKey));
    for (const place of new Set(theirs.error.issues.map(pathKey))) assert.ok(ourPlaces.has(place), `${context}\nmissing ${place}`);
  }
  assert.ok(invalid > 400 && invalid < 1800, `a useful mix of valid and invalid documents (${invalid} invalid)`);
});

test('values cross as tokens exactly as JSON.stringify sees them', () => {
  const shape = {
    type: 'object',
    properties: {
      when: { type: 'string', minLength: 20 },
      list: { type: 'array', items: { type: ['number', 'null'] } },
      nested: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    },
    required: ['when'],
  };
  const byTokens = defineSchema(shape);
  // A default elsewhere makes the schema check the value's JSON text instead.
  const byText = defineSchema({ ...shape, properties: { ...shape.properties, unused: { default: 1 } } });
  const custom = { toJSON: () => ({ a: 1, b: -1 }) };
  const values = [
    { when: new Date(0), list: [1, undefined, () => 2, NaN, Infinity, null], nested: { a: 1, b: undefined, c: 2.5, d: -Infinity } },
    { when: 'short', list: [], nested: custom, extra: Symbol('s') },
    { when: 'a'.repeat(30), list: [1, 'x', [2]], nested: { '': 3, 'é\u0000': -1 } },
    { list: null, nested: [] },
  ];
  for (const value of values) {
    const tokens = byTokens.safeParse(value);
    const text = byText.safeParse(value);
    assert.equal(tokens.success, text.success);
    assert.deepEqual(tokens.error?.issues, text.error?.issues);
  }
  // The Date became its ISO string; undefined and the function became null.
  assert.deepEqual(byTokens.safeParse(values[0]).error.issues.map((i) => i.path), [['list', 3], ['list', 4], ['nested', 'c'], ['nested', 'd']]);
});
