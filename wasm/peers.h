#pragma once
// The graph peers of wasm/graph_bindings.cpp, for other bindings (the relay,
// sync clients).
#include <string>
#include <vector>

#include "graph/peer.h"

namespace ms::wasm {

// Throws std::runtime_error when the peer was destroyed.
graph::Peer& peerInTable(int handle);

// `answer` (a JSON object's text) with what `changedSouls` mean to the
// peer's listeners added: "notices": [[subscription id, new value]] and
// "reached": [souls to follow]. Every answer of a call that changed the
// graph goes through here, so that no notice is lost.
std::string withNotices(std::string answer, graph::Peer& peer, const std::vector<std::string>& changedSouls);

}  // namespace ms::wasm
