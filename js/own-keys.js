// Objects keyed by names from outside (souls, fields, document keys, pubs):
// any such name may be "__proto__", "constructor" or "toString". Assigning
// `object["__proto__"]` changes the object's prototype, and reading
// `object["constructor"]` finds Object.prototype's: so names from outside are
// written and read only as own properties. Internal tables keyed by them use
// Map or Object.create(null); objects handed to apps stay plain objects whose
// keys are all own properties (as JSON.parse makes them).

/** Sets `key` as an own, enumerable property of `object` (even "__proto__"). */
export function setOwn(object, key, value) {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
  return object;
}

/** `object[key]` if it is an own property, else undefined (never an inherited value). */
export function ownValue(object, key) {
  return object !== null && typeof object === 'object' && Object.hasOwn(object, key) ? object[key] : undefined;
}
