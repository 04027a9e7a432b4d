// One peer for the app, synced through a relay, and the app's store: a
// document in the signed-in user's space, validated in the core.
import { configure, createStore, defineSchema } from 'mutual-store';

// `npx mutual-store relay` (or `npm start` in the mutual-store repository) listens here.
const relay = import.meta.env.VITE_RELAY_URL ?? 'ws://127.0.0.1:8765';

export const peer = configure({ peers: [relay] });

const Notes = defineSchema({
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } } },
  required: ['items'],
}, 'Notes');

export const notes = createStore({ holsterPath: 'notes', schema: Notes });
notes.initialize();
