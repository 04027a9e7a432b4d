// The relay's own wasm module (Node only): the graph, frame checks, routing
// and quotas, built apart so that browsers never download relay code.
import createRelayModule from '../generated/mutual-store-relay.mjs';
import { loadCoreModule } from '../load-core.js';

export const { core: relayCore, checked } = await loadCoreModule(createRelayModule, new URL('../generated/mutual-store-relay.wasm', import.meta.url));
