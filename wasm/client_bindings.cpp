// embind bindings for the sync client (core/sync/client.h). Every call
// answers with one JSON text:
//   {"send": [{"to": connection, "text": frame}], "applied": partial graph,
//    "changed": [souls], "waiting": n, "acknowledged": [[soul, field]],
//    "answered": [get ids], "errors": [messages],
//    "signals": [{"from", "data"}], "rtcPeers": [rtc ids], "presence": changed,
//    "notices": [[subscription id, new value]], "reached": [souls]}
// Frames are handed over as text, ready for the socket.
#include <emscripten/bind.h>

#include <memory>
#include <string>
#include <string_view>

#include "checked_input.h"
#include "handle_table.h"
#include "js_errors.h"
#include "json_input.h"
#include "keyring.h"
#include "peers.h"
#include "sync/client.h"

using ms::Json;
using ms::sync::Client;
using ms::sync::ClientOutcome;
using ms::sync::ConnectionId;
using ms::wasm::guarded;

namespace {

struct Entry {
  int peer;
  std::unique_ptr<Client> client;
};

ms::wasm::HandleTable<Entry>& clients() {
  static ms::wasm::HandleTable<Entry> table("this sync client is closed");
  return table;
}

Entry& entryAt(int handle) { return clients().at(handle); }


std::string answer(const ClientOutcome& out, int peer, const std::string& getId = "") {
  Json send = Json::array();
  for (const auto& item : out.send) send.push_back(Json{{"to", item.to}, {"text", item.frame.dump()}});
  Json acknowledged = Json::array();
  for (const auto& [soul, field] : out.acknowledged) acknowledged.push_back(Json::array({soul, field}));
  Json result = {
      {"send", std::move(send)},
      {"applied", out.merged.applied.is_null() ? Json::object() : out.merged.applied},
      {"changed", out.merged.changedSouls},
      {"waiting", ms::wasm::peerInTable(peer).graph().deferredCount()},
      {"acknowledged", std::move(acknowledged)},
      {"answered", out.answered},
      {"errors", out.errors},
      {"signals", out.signals},
      {"rtcPeers", out.rtcPeers},
      {"presence", out.presenceChanged},
  };
  if (!getId.empty()) result["getId"] = getId;
  return ms::wasm::withNotices(result.dump(), ms::wasm::peerInTable(peer), out.merged.changedSouls);
}

int clientCreate(int peer, std::string idPrefix, double maxFrameBytes) {
  return guarded([&] {
    ms::sync::FrameLimits limits;
    limits.maxBytes = ms::wasm::countFromJs(maxFrameBytes, "maxFrameBytes");
    return clients().add(std::make_unique<Entry>(Entry{peer, std::make_unique<Client>(ms::wasm::peerInTable(peer), idPrefix, limits)}));
  });
}

void clientDestroy(int handle) { clients().erase(handle); }

std::string clientOnOpen(int handle, double connection, bool relay) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    return answer(entry.client->onOpen(ms::wasm::connectionFromJs(connection), relay), entry.peer);
  });
}

void clientOnClose(int handle, double connection) {
  guarded([&] {
    entryAt(handle).client->onClose(ms::wasm::connectionFromJs(connection));
    return 0;
  });
}

// The frame: UTF-8 text of `frameBytes` that JS wrote into the input buffer.
std::string clientOnFrame(int handle, double connection, double frameBytes, double now) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    const std::string_view frame = ms::wasm::checkedInputText(frameBytes, "frameBytes");
    return answer(entry.client->onFrame(ms::wasm::connectionFromJs(connection), frame, now), entry.peer);
  });
}

std::string clientFollow(int handle, std::string soul) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    std::string getId;
    auto out = entry.client->follow(soul, getId);
    return answer(out, entry.peer, getId);
  });
}

std::string clientPublish(int handle, std::string appliedJson) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    Json applied = ms::wasm::parseOrThrow(appliedJson, "applied");
    if (!applied.is_object()) ms::throwTypeError("applied", "must be a partial graph");
    return answer(entry.client->publish(applied), entry.peer);
  });
}

std::string clientHello(int handle, double connection, std::string rtcId) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    return answer(entry.client->hello(ms::wasm::connectionFromJs(connection), rtcId), entry.peer);
  });
}

std::string clientSignal(int handle, double connection, std::string to, std::string dataJson) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    Json data = ms::wasm::parseOrThrow(dataJson, "data");
    return answer(entry.client->signal(ms::wasm::connectionFromJs(connection), to, data), entry.peer);
  });
}

void clientRestorePending(int handle, std::string soul, std::string field, double state) {
  guarded([&] {
    entryAt(handle).client->restorePending(soul, field, state);
    return 0;
  });
}

double clientPendingCount(int handle) {
  return guarded([&] { return static_cast<double>(entryAt(handle).client->pendingCount()); });
}

std::string clientFollowPresence(int handle) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    return answer(entry.client->followPresence(), entry.peer);
  });
}

// Signed in the module by the user in keyring `slot`.
std::string clientAnnouncePresence(int handle, int slot, std::string state, double now) {
  return guarded([&] {
    Entry& entry = entryAt(handle);
    return answer(entry.client->announcePresence(ms::wasm::keysInSlot(slot), state, now), entry.peer);
  });
}

bool clientExpirePresence(int handle, double now) {
  return guarded([&] { return entryAt(handle).client->expirePresence(now); });
}

// Who is present: [[pub, state JSON text], …].
std::string clientPresence(int handle) {
  return guarded([&] {
    Json list = Json::array();
    for (const auto* announce : entryAt(handle).client->presence()) list.push_back(Json::array({announce->pub, announce->state}));
    return list.dump();
  });
}

double clientPresenceTimeout(int handle) {
  return guarded([&] { return entryAt(handle).client->presenceTimeout(); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_client) {
  using emscripten::function;
  function("clientCreate", &clientCreate);
  function("clientDestroy", &clientDestroy);
  function("clientOnOpen", &clientOnOpen);
  function("clientOnClose", &clientOnClose);
  function("clientOnFrame", &clientOnFrame);
  function("clientFollow", &clientFollow);
  function("clientPublish", &clientPublish);
  function("clientRestorePending", &clientRestorePending);
  function("clientHello", &clientHello);
  function("clientSignal", &clientSignal);
  function("clientPendingCount", &clientPendingCount);
  function("clientFollowPresence", &clientFollowPresence);
  function("clientAnnouncePresence", &clientAnnouncePresence);
  function("clientExpirePresence", &clientExpirePresence);
  function("clientPresence", &clientPresence);
  function("clientPresenceTimeout", &clientPresenceTimeout);
}
