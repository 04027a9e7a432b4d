// Soul names and usable keys by the core's rules (core/graph/ownership.h,
// core/graph/graph_value.h); the prefixes and the meta key are generated
// from there.
import { META_KEY, USER_SOUL_PREFIX, ALIAS_SOUL_PREFIX } from '../generated/boundary.js';

export { META_KEY };

/** The soul of `pub`'s own space. */
export const userSoul = (pub) => USER_SOUL_PREFIX + pub;

/** The soul listing the pubs that took `alias`. */
export const aliasSoul = (alias) => ALIAS_SOUL_PREFIX + alias;

/** A key for `get`/`next`, a field name: a non-empty string other than the meta key "_". */
export function isUsableKey(key) {
  return typeof key === 'string' && key !== '' && key !== META_KEY;
}
