// embind bindings for the relay's decisions (core/sync/relay.h): a frame in
// as text, the outcome out as JSON
//   {"send": [{"to": id, "message": …}], "store": partial graph, "afterStored": […]}.
#include <emscripten/bind.h>

#include <map>
#include <memory>
#include <string>

#include "js_errors.h"
#include "peers.h"
#include "sync/relay.h"

using ms::Json;
using ms::wasm::guarded;

namespace {

std::map<int, std::unique_ptr<ms::sync::Relay>>& relays() {
  static std::map<int, std::unique_ptr<ms::sync::Relay>> table;
  return table;
}

ms::sync::Relay& relayAt(int handle) {
  auto found = relays().find(handle);
  if (found == relays().end()) throw std::runtime_error("this relay is closed");
  return *found->second;
}

Json outgoingJson(const std::vector<ms::sync::Outgoing>& messages) {
  Json list = Json::array();
  for (const auto& m : messages) list.push_back(Json{{"to", m.to}, {"message", m.message}});
  return list;
}

int relayCreate(int peerHandle, double maxFrameBytes, std::string idPrefix) {
  return guarded([&] {
    static int next = 1;
    ms::sync::FrameLimits limits;
    limits.maxBytes = static_cast<std::size_t>(maxFrameBytes);
    relays().emplace(next, std::make_unique<ms::sync::Relay>(ms::wasm::peerInTable(peerHandle), limits, idPrefix));
    return next++;
  });
}

void relayDestroy(int handle) { relays().erase(handle); }

std::string outcomeText(const ms::sync::RelayOutcome& out) {
  return Json{{"send", outgoingJson(out.send)}, {"store", out.toStore}, {"afterStored", outgoingJson(out.afterStored)}}.dump();
}

std::string relayOnFrame(int handle, double connection, std::string frame, double now) {
  return guarded([&] { return outcomeText(relayAt(handle).onFrame(static_cast<ms::sync::ConnectionId>(connection), frame, now)); });
}

// This relay opened `connection` to a peer relay.
std::string relayOnPeerOpen(int handle, double connection) {
  return guarded([&] { return outcomeText(relayAt(handle).onPeerOpen(static_cast<ms::sync::ConnectionId>(connection))); });
}

void relayOnClose(int handle, double connection) {
  guarded([&] {
    relayAt(handle).onClose(static_cast<ms::sync::ConnectionId>(connection));
    return 0;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_relay) {
  using emscripten::function;
  function("relayCreate", &relayCreate);
  function("relayDestroy", &relayDestroy);
  function("relayOnFrame", &relayOnFrame);
  function("relayOnClose", &relayOnClose);
  function("relayOnPeerOpen", &relayOnPeerOpen);
}
