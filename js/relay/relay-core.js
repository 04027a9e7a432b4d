// The relay's own wasm module (Node only): the graph, frame checks, routing
// and quotas, built apart so that browsers never download relay code.
import createRelayModule from '../generated/mutual-store-relay.mjs';
import { loadCoreModule } from '../load-core.js';

export const { core: relayCore, checked } = await loadCoreModule(createRelayModule, new URL('../generated/mutual-store-relay.wasm', import.meta.url));

// A relay outcome from the bytes the core gives (wasm/relay_bindings.cpp):
// its JSON head, then each outgoing message's frame text, which becomes the
// message's `bytes`, ready to send. The view is into wasm memory and the
// next call reuses it, so it is copied first.
export function outcomeOf(view) {
  const bytes = Buffer.from(checked(view));
  const headEnd = bytes.indexOf(0x0a);
  const outcome = JSON.parse(bytes.toString('utf8', 0, headEnd));
  let at = headEnd + 1;
  for (const message of [...outcome.send, ...outcome.afterStored]) {
    message.bytes = bytes.subarray(at, (at += message.length));
  }
  return outcome;
}
