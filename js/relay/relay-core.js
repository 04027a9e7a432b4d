// The relay's own wasm module (Node only): the graph, frame checks, routing
// and quotas, built apart so that browsers never download relay code.
import { loadCoreModule } from '../load-core.js';
import { wasmIo } from '../wasm-io.js';

export const { core: relayCore, checked } = await loadCoreModule(
  () => import('../generated/mutual-store-relay.mjs'),
  new URL('../generated/mutual-store-relay.wasm', import.meta.url),
);

// Frames and stored writes reach the core through its input buffer, in one
// copy: the bindings take their length in bytes (wasm/relay_bindings.cpp).
export const { writeJsonText } = wasmIo({ core: relayCore, checked });

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
