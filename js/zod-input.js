// Zod v4 schemas as input: converted with Zod's own JSON Schema export, and
// checked on the way for what Zod does that JSON Schema cannot say. Objects
// that strip unknown keys (Zod's default) are marked x-stripUnknown, so the
// core drops those keys from the parsed value as Zod would. Whatever would
// make our output differ from Zod's (code that runs: transforms,
// refinements, preprocess, coercion, catch; regex flags JSON Schema drops)
// is refused with a TypeError naming the place.

export function isZodSchema(spec) {
  return spec !== null && typeof spec === 'object' && '_zod' in spec && typeof spec.toJSONSchema === 'function';
}

const RUNS_CODE = {
  transform: '.transform()',
  custom: 'z.custom()',
  catch: '.catch()',
  promise: 'z.promise()',
  function: 'z.function()',
  success: 'z.success()',
  prefault: '.prefault()',
};

function where(path) {
  return `#${path.map((step) => `/${step}`).join('')}`;
}

function refuse(path, what) {
  throw new TypeError(`defineSchema: the Zod schema at ${where(path)} uses ${what}: the core cannot give what Zod gives there; remove it or check that part in your own code`);
}

function pipeName(def) {
  if (def.in._zod.def.type === 'transform') return 'z.preprocess()';
  if (def.out._zod.def.type === 'transform') return '.transform()';
  return '.pipe()';
}

function checkZodNode({ zodSchema, jsonSchema, path }) {
  const def = zodSchema._zod.def;
  if (RUNS_CODE[def.type]) refuse(path, RUNS_CODE[def.type]);
  if (def.type === 'pipe') refuse(path, pipeName(def));
  if (def.coerce) refuse(path, 'z.coerce');
  for (const check of def.checks ?? []) {
    const checkDef = check._zod.def;
    if (checkDef.check === 'custom') refuse(path, '.refine(), .superRefine() or .check()');
    if (checkDef.check === 'overwrite') refuse(path, 'a transforming check (.trim(), .toLowerCase(), .normalize(), .overwrite(), ...)');
    const flags = checkDef.pattern instanceof RegExp ? checkDef.pattern.flags.replace(/[uv]/g, '') : '';
    if (flags) refuse(path, `a regular expression with the flags "${flags}" (JSON Schema's pattern has no flags)`);
  }
  if (def.type === 'object' && def.catchall === undefined) jsonSchema['x-stripUnknown'] = true;
  // Zod's check of a string format is its pattern(s); `format` then only names it.
  const patterned = typeof jsonSchema.pattern === 'string' || jsonSchema.allOf?.some((part) => typeof part.pattern === 'string');
  if (patterned && typeof jsonSchema.format === 'string') delete jsonSchema.format;
}

/** The JSON Schema of a Zod v4 schema, as the core compiles it. */
export function jsonSchemaOfZod(spec) {
  try {
    return spec.toJSONSchema({ io: 'input', override: checkZodNode });
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new TypeError(`defineSchema: Zod cannot export this schema as JSON Schema (${error.message})`);
  }
}
