// embind bindings for graph peers. Each call crosses once with JSON text:
// a put or a partial graph in, the outcome out as
//   {"applied": partial graph, "changed": [souls], "waiting": n,
//    "notices": [[subscription id, its new value]], "reached": [souls]}
// (notices and reached: core/graph/subscriptions.h).
// Signing uses the keyring slot of the user writing (0: nobody).
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checked_input.h"
#include "handle_table.h"
#include "graph/peer.h"
#include "js_errors.h"
#include "json_input.h"
#include "keyring.h"
#include "peers.h"

using ms::Json;
using namespace ms::graph;
using ms::wasm::guarded;
using ms::wasm::parseOrThrow;

namespace {

ms::wasm::HandleTable<Peer>& peers() {
  static ms::wasm::HandleTable<Peer> table("this peer is closed");
  return table;
}

Peer& peerAt(int handle) { return ms::wasm::peerInTable(handle); }

Signer signerOf(int slot) {
  const auto& keys = ms::wasm::keysInSlot(slot);
  return Signer{keys.pub(), [&keys](const ms::identity::SignedWrite& write) { return ms::identity::signWrite(write, keys.sign.secret_key); }};
}

// `waiting`: writes from the future still queued in the whole graph.
std::string answer(const PutOutcome& outcome, Peer& peer) {
  return ms::wasm::withNotices(
      Json{{"applied", outcome.applied}, {"changed", outcome.changedSouls}, {"waiting", peer.graph().deferredCount()}}.dump(), peer,
      outcome.changedSouls);
}

int peerCreate() { return peers().add(std::make_unique<Peer>()); }

void peerDestroy(int handle) { peers().erase(handle); }

std::string peerPut(int handle, std::string soul, std::string valueJson, double now, int slot) {
  return guarded([&] {
    std::optional<Signer> signer;
    if (slot) signer = signerOf(slot);
    Peer& peer = peerAt(handle);
    return answer(peer.put(soul, parseOrThrow(valueJson, "value"), now, signer ? &*signer : nullptr), peer);
  });
}

std::string peerReceive(int handle, std::string partialJson, double now) {
  return guarded([&] {
    Peer& peer = peerAt(handle);
    return answer(peer.receive(parseOrThrow(partialJson, "put"), now), peer);
  });
}

std::string peerLoad(int handle, std::string partialJson, double now) {
  return guarded([&] {
    Peer& peer = peerAt(handle);
    return answer(peer.load(parseOrThrow(partialJson, "stored graph"), now), peer);
  });
}

std::string peerApplyDue(int handle, double now) {
  return guarded([&] {
    Peer& peer = peerAt(handle);
    return answer(peer.applyDue(now), peer);
  });
}

std::string peerRegisterAlias(int handle, std::string alias, double now, int slot, bool remove) {
  return guarded([&] {
    Signer signer = signerOf(slot);
    Peer& peer = peerAt(handle);
    return answer(remove ? peer.unregisterAlias(alias, now, signer) : peer.registerAlias(alias, now, signer), peer);
  });
}

// {"value": the node (or one field) read with links followed, "souls": every soul read}.
std::string peerRead(int handle, std::string soul, std::string field, bool wholeNode, int depth) {
  return guarded([&] {
    std::set<std::string> visited;
    Peer& peer = peerAt(handle);
    std::string value = wholeNode ? peer.readText(soul, depth, &visited) : peer.readFieldText(soul, field, depth, &visited);
    return "{\"value\":" + value + ",\"souls\":" + Json(visited).dump() + "}";
  });
}

// Starts a listener's subscription: {"id": n, "value": its value now, "souls": every soul read}.
std::string peerSubscribe(int handle, std::string soul, std::string field, bool wholeNode, int depth) {
  return guarded([&] {
    auto [id, reading] = peerAt(handle).subscribe(soul, wholeNode ? std::nullopt : std::optional(field), depth);
    return "{\"id\":" + std::to_string(id) + ",\"value\":" + reading.text + ",\"souls\":" + Json(reading.souls).dump() + "}";
  });
}

void peerUnsubscribe(int handle, double id) {
  guarded([&] { return peerAt(handle).unsubscribe(ms::wasm::countFromJs(id, "subscription", UINT32_MAX)); });
}

std::string peerNode(int handle, std::string soul) {
  return guarded([&] { return peerAt(handle).graph().nodeJson(soul).dump(); });
}

std::string peerLex(int handle, std::string soul, std::string lexJson) {
  return guarded([&] { return peerAt(handle).graph().lexQuery(soul, parseOrThrow(lexJson, "lex")).dump(); });
}

// Every node, as one partial graph (for a first sync between linked peers).
std::string peerEverything(int handle) {
  return guarded([&] { return peerAt(handle).graph().everything().dump(); });
}

}  // namespace

namespace ms::wasm {
Peer& peerInTable(int handle) { return peers().at(handle); }

std::string withNotices(std::string answer, Peer& peer, const std::vector<std::string>& changedSouls) {
  Notices notices = peer.noticesAfter(changedSouls);
  answer.pop_back();  // the object's closing brace
  answer.append(",\"notices\":[");
  for (const Notice& notice : notices.changed) {
    answer.append("[").append(std::to_string(notice.id)).append(",").append(notice.text).append("],");
  }
  if (!notices.changed.empty()) answer.pop_back();  // the last comma
  answer.append("],\"reached\":").append(Json(notices.reached).dump()).append("}");
  return answer;
}
}  // namespace ms::wasm

EMSCRIPTEN_BINDINGS(mutual_store_graph) {
  using emscripten::function;
  function("peerCreate", &peerCreate);
  function("peerDestroy", &peerDestroy);
  function("peerPut", &peerPut);
  function("peerReceive", &peerReceive);
  function("peerLoad", &peerLoad);
  function("peerApplyDue", &peerApplyDue);
  function("peerRegisterAlias", &peerRegisterAlias);
  function("peerRead", &peerRead);
  function("peerSubscribe", &peerSubscribe);
  function("peerUnsubscribe", &peerUnsubscribe);
  function("peerNode", &peerNode);
  function("peerLex", &peerLex);
  function("peerEverything", &peerEverything);
}
