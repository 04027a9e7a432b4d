#pragma once
// The graph peers of wasm/graph_bindings.cpp, for other bindings (the relay).
#include "graph/peer.h"

namespace ms::wasm {

// Throws std::runtime_error when the peer was destroyed.
graph::Peer& peerInTable(int handle);

}  // namespace ms::wasm
