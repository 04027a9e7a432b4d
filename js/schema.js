// Schemas: JSON Schema (or Zod v4) compiled into validators that run in the
// core. Values are checked in their JSON form — what would be stored or
// sent: properties holding `undefined` or functions are absent, Dates are
// ISO strings, and NaN/Infinity are reported as such.
import { core, checked } from './core.js';
import { toJson } from './boundary.js';
import { writeText } from './wasm-buffers.js';
import { writeValueTokens, forgetKeys } from './value-tokens.js';
import { isZodSchema, jsonSchemaOfZod } from './zod-input.js';

function formatIssues(issues) {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

/** Thrown by `parse` and by stores refusing a value; `issues` lists every problem. */
export class SchemaError extends Error {
  constructor(issues, label) {
    super(`${label ? `${label}: ` : ''}${formatIssues(issues)}`);
    this.name = 'SchemaError';
    this.issues = issues;
  }
}

// A value JSON cannot represent at all (a BigInt, a cycle) is one issue at the root.
function unrepresentable(error) {
  return [{ path: [], code: 'invalid_type', message: `Invalid input: not representable as JSON (${error.message})` }];
}

class Schema {
  #compile;
  #handle = null;
  #jsonSchema;
  #reshapes;
  // `compile()` gives the core's handle. The built-ins are compiled on first
  // use, so that importing the package does not pay for schemas an app never
  // checks against.
  constructor(compile, name) {
    this.#compile = compile;
    this.name = name;
  }

  get #compiled() {
    if (this.#handle === null) {
      const handle = this.#compile();
      this.#reshapes = checked(core.schemaReshapes(handle));
      this.#handle = handle;
    }
    return this.#handle;
  }

  /** The JSON Schema this validator was compiled from. */
  get jsonSchema() {
    this.#jsonSchema ??= JSON.parse(checked(core.schemaSource(this.#compiled)));
    return this.#jsonSchema;
  }

  /** `{success: true, data}` or `{success: false, error: {issues}}`. */
  safeParse(value) {
    const type = typeof value;
    if (type === 'undefined' || type === 'function' || type === 'symbol') {
      const issue = { path: [], code: 'invalid_type', message: `Invalid input: expected a JSON value, received ${type}` };
      return { success: false, error: new SchemaError([issue], this.name) };
    }
    const handle = this.#compiled;
    let answer;
    try {
      answer = this.#reshapes ? this.#checkText(handle, value) : this.#checkTokens(handle, value);
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        return { success: false, error: new SchemaError(unrepresentable(error), this.name) };
      }
      throw error;
    }
    if (answer === '') return { success: true, data: value };
    const { data, issues } = JSON.parse(answer);
    if (!issues) return { success: true, data };
    // The core's JSON has sorted keys; show path, code, message first, as Zod does.
    const ordered = issues.map(({ path, code, message, ...details }) => ({ path, code, message, ...details }));
    return { success: false, error: new SchemaError(ordered, this.name) };
  }

  // Schemas with defaults or stripped keys need the value as a document, to reshape it.
  #checkText(handle, value) {
    return checked(core.validate(handle, writeText(toJson(value))));
  }

  #checkTokens(handle, value) {
    const sent = writeValueTokens(value);
    try {
      return checked(core.validateTokens(handle, sent.newKeys, sent.newKeyBytes, sent.tokens, sent.numbers, sent.bytes));
    } catch (error) {
      forgetKeys(); // the two key tables may no longer agree
      throw error;
    }
  }

  /** The value (with defaults filled in), or throws `SchemaError`. */
  parse(value) {
    const result = this.safeParse(value);
    if (!result.success) throw result.error;
    return result.data;
  }
}

/**
 * A schema from a JSON Schema object (draft 2020-12 subset) or a Zod v4
 * schema (js/zod-input.js: parsing gives what Zod's parse gives). Throws
 * TypeError naming the place of anything it cannot enforce.
 */
export function defineSchema(spec, name = spec?.title) {
  let jsonSchema = spec;
  if (isZodSchema(spec)) {
    jsonSchema = jsonSchemaOfZod(spec);
  } else if (typeof spec !== 'boolean' && (spec === null || typeof spec !== 'object' || Array.isArray(spec))) {
    throw new TypeError('defineSchema expects a JSON Schema object or a Zod v4 schema');
  }
  const handle = checked(core.defineSchema(writeText(JSON.stringify(jsonSchema))));
  return new Schema(() => handle, name);
}

/** Wraps `schema` as the stored envelope `{_updatedAt, data}`. */
export function withTimestamp(schema) {
  return defineSchema(
    {
      type: 'object',
      properties: { _updatedAt: { type: 'integer', minimum: 0 }, data: schema.jsonSchema },
      required: ['_updatedAt', 'data'],
    },
    schema.name ? `${schema.name} with timestamp` : undefined,
  );
}

const builtinNames = JSON.parse(core.builtinSchemaNames());

/** The allocation data's schemas, validated in the core. */
export const schemas = Object.freeze(
  Object.fromEntries(builtinNames.map((name) => [name, new Schema(() => checked(core.builtinSchema(name)), name)])),
);

/** Name → schema; the built-ins are registered, `register` adds more. */
export const schemaRegistry = {
  get(name) {
    return registered.get(name);
  },
  has(name) {
    return registered.has(name);
  },
  names() {
    return [...registered.keys()];
  },
  register(name, schema) {
    if (typeof name !== 'string' || name === '') throw new TypeError('schemaRegistry.register: name must be a non-empty string');
    if (!(schema instanceof Schema)) throw new TypeError('schemaRegistry.register: schema must come from defineSchema');
    if (registered.has(name)) throw new RangeError(`schemaRegistry: "${name}" is already registered`);
    registered.set(name, schema);
    return schema;
  },
};
const registered = new Map(Object.entries(schemas));
