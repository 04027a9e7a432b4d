// Follows the document another user keeps at `path` (as createHolsterStore
// writes it: one field per top-level key, as JSON text, plus _updatedAt) and
// hands over only what the schema accepts. The graph has already checked the
// owner's signature; this checks the shape, so a bad document from the
// network never reaches the maps.
import { documentOfNode } from '../store/document-fields.js';

/**
 * Calls onValue(data, updatedAt) for each valid version, onGone() when the
 * document is removed, onInvalid(error) for anything the schema refuses.
 * Returns the function that stops following.
 */
export function followDocument({ peer, pub, path, schema, onValue, onGone, onInvalid }) {
  return peer.user().get([pub, path]).on((node) => {
    let stored;
    try {
      stored = documentOfNode(node);
    } catch (error) {
      return onInvalid(error);
    }
    if (!stored) return onGone();
    const result = schema.safeParse(stored.data);
    if (!result.success) return onInvalid(result.error);
    onValue(result.data, stored.updatedAt);
  }, { get: true });
}
