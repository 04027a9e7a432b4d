// embind bindings for the relay's decisions (core/sync/relay.h): a frame in
// as UTF-8 text that JS wrote into the input buffer (flat_buffers.h, in one
// copy: embind's std::string would copy a frame byte by byte in JS), read by
// its length in bytes through checked_input.h; the outcome out as bytes: a JSON
// head, a newline, then the frame text of each outgoing message
// ("send", then "afterStored"), one after another. The head is
//   {"send": [{"to": [ids], "kind": its kind, "length": bytes of its text}],
//    "store": partial graph,
//    "deferred": [[soul, field, value, state, signature]], "undeferred": [[soul, field, state]],
//    "afterStored": […], "handled": [[kind, refusal or null]],
//    "merge": [[soul, field, stored, orderKey, cost, space, dueAt]]}
// ("merge": a clustered relay's writes for the shared store; `stored` is the
// text [value, state, signature?] that storage keeps per field).
// Each message is serialised here once, as the bytes its recipients are
// sent: the texts (a get's answer may be megabytes) are neither escaped
// into the head nor parsed or re-encoded in JS (js/relay/relay-core.js).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "checked_input.h"
#include "common/json_text.h"
#include "handle_table.h"
#include "js_errors.h"
#include "json_input.h"
#include "peers.h"
#include "sync/frame.h"
#include "sync/relay.h"

using ms::Json;
using ms::wasm::guarded;

namespace {

ms::wasm::HandleTable<ms::sync::Relay>& relays() {
  static ms::wasm::HandleTable<ms::sync::Relay> table("this relay is closed");
  return table;
}

ms::sync::Relay& relayAt(int handle) { return relays().at(handle); }


// Each message's head, its text appended to `texts`.
Json outgoingHeads(const std::vector<ms::sync::Outgoing>& messages, std::string& texts) {
  Json list = Json::array();
  for (const auto& m : messages) {
    const std::size_t start = texts.size();
    ms::appendDump(m.message, texts);
    list.push_back(Json{{"to", m.to}, {"kind", ms::sync::outgoingKindOf(m.message)}, {"length", texts.size() - start}});
  }
  return list;
}

// A byte count from JS as a size_t: NaN and negatives are refused (casting
// them is undefined), anything beyond size_t's range (Infinity) is "no limit".
std::size_t byteCount(double bytes, const char* name) {
  if (!(bytes >= 0)) ms::throwRangeError(name, "must be a number of bytes >= 0");
  if (bytes >= static_cast<double>(SIZE_MAX)) return SIZE_MAX;
  return static_cast<std::size_t>(bytes);
}

// `keySeed`: the relay's key seed (URL-safe base64, empty for a fresh key);
// `trustedKeys`: JSON array of the public keys of the peer relays it takes.
int relayCreate(int peerHandle, double maxFrameBytes, std::string idPrefix, double userQuotaBytes, std::string keySeed, std::string trustedKeys) {
  return guarded([&] {
    ms::sync::FrameLimits limits;
    limits.maxBytes = byteCount(maxFrameBytes, "limits.frameBytes");
    std::size_t quota = byteCount(userQuotaBytes, "limits.userBytes");
    ms::sync::RelayKeys keys{keySeed, {}};
    Json trusted = ms::wasm::parseOrThrow(trustedKeys, "peerKeys");
    if (!trusted.is_array()) ms::throwTypeError("peerKeys", "must be an array of relay public keys");
    for (const Json& key : trusted) {
      if (!key.is_string()) ms::throwTypeError("peerKeys", "must be an array of relay public keys");
      keys.trusted.insert(key.get<std::string>());
    }
    return relays().add(std::make_unique<ms::sync::Relay>(ms::wasm::peerInTable(peerHandle), limits, idPrefix, quota, keys));
  });
}

std::string relayPublicKey(int handle) {
  return guarded([&] { return relayAt(handle).publicKey(); });
}

// A peer relay is exempt from the limits on what a client may leave unread.
bool relayIsPeer(int handle, double connection) {
  return guarded([&] { return relayAt(handle).isPeerRelay(ms::wasm::connectionFromJs(connection)); });
}

// The public key of a key seed, for configuring the relays that trust it.
std::string relayPublicKeyOf(std::string keySeed) {
  return guarded([&] { return ms::sync::PeerRelayAuth::publicKeyOf(keySeed); });
}

void relayDestroy(int handle) { relays().erase(handle); }

// The sizes of the relay's tables (JSON), read when /metrics is scraped.
std::string relayTableSizes(int handle) {
  return guarded([&] {
    const ms::sync::RelayTableSizes sizes = relayAt(handle).tableSizes();
    return Json{{"seenIds", sizes.seenIds}, {"interestSouls", sizes.interestSouls}, {"interestConnections", sizes.interestConnections},
                {"interestBytes", sizes.interestBytes}, {"deferredWrites", sizes.deferredWrites}}.dump();
  });
}

// The bytes of the last outcome, kept until the next call: JS copies them at once.
std::string& outcomeBytes() {
  static std::string bytes;
  return bytes;
}

void keepOutcome(ms::sync::RelayOutcome out) {
  std::string& bytes = outcomeBytes();
  std::string texts;
  Json result = Json::object();  // filled by assignment: an initializer list would copy `store`
  result["send"] = outgoingHeads(out.send, texts);
  result["store"] = std::move(out.toStore);
  Json deferred = Json::array();
  for (auto& write : out.deferred) {
    deferred.push_back(Json{write.soul, write.field, std::move(write.data.value), write.data.state, write.data.signature});
  }
  result["deferred"] = std::move(deferred);
  Json undeferred = Json::array();
  for (const auto& write : out.undeferred) undeferred.push_back(Json{write.soul, write.field, write.data.state});
  result["undeferred"] = std::move(undeferred);
  result["afterStored"] = outgoingHeads(out.afterStored, texts);
  Json handled = Json::array();
  for (const auto& [kind, refusal] : out.handled) handled.push_back(Json{kind, refusal ? Json(refusal) : Json()});
  result["handled"] = std::move(handled);
  Json merge = Json::array();
  for (auto& keyed : out.toMerge) {
    ms::graph::Field& data = keyed.write.data;
    Json stored = data.signature.empty() ? Json{std::move(data.value), data.state} : Json{std::move(data.value), data.state, data.signature};
    merge.push_back(Json{keyed.write.soul, keyed.write.field, ms::dumpText(stored), std::move(keyed.orderKey), keyed.cost, keyed.space, keyed.dueAt});
  }
  result["merge"] = std::move(merge);
  bytes.clear();
  ms::appendDump(result, bytes);
  bytes += '\n';  // the head's own newlines are escaped: the first one ends it
  bytes += texts;
}

// Runs `decide` (which gives an outcome) guarded: a view of the outcome's
// bytes, or undefined when it failed (its error is pending, js_errors.h).
template <class Decide>
emscripten::val outcomeOf(Decide&& decide) {
  if (!guarded([&] {
        keepOutcome(decide());
        return true;
      })) {
    return emscripten::val::undefined();
  }
  const std::string& bytes = outcomeBytes();
  return emscripten::val(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
}

emscripten::val relayOnFrame(int handle, double connection, double frameBytes, double now) {
  return outcomeOf([&] {
    const std::string_view frame = ms::wasm::checkedInputText(frameBytes, "frameBytes");
    return relayAt(handle).onFrame(ms::wasm::connectionFromJs(connection), frame, now);
  });
}

emscripten::val relayApplyDue(int handle, double now) {
  return outcomeOf([&] { return relayAt(handle).applyDue(now); });
}

// This relay opened `connection` to a peer relay.
emscripten::val relayOnPeerOpen(int handle, double connection) {
  return outcomeOf([&] { return relayAt(handle).onPeerOpen(ms::wasm::connectionFromJs(connection)); });
}

// Writes from the future stored before a restart (a partial graph, JSON
// text of `partialBytes` in the input buffer).
emscripten::val relayLoadDeferred(int handle, double partialBytes, double now) {
  return outcomeOf([&] {
    const std::string_view text = ms::wasm::checkedInputText(partialBytes, "partialBytes");
    return relayAt(handle).loadDeferred(ms::wasm::parseOrThrow(text, "deferred writes"), now);
  });
}

void relaySetClustered(int handle, bool clustered) {
  guarded([&] {
    relayAt(handle).setClustered(clustered);
    return 0;
  });
}

// Writes the shared store took (a partial graph, JSON text of `partialBytes`
// in the input buffer): kept (unless `mirror` is false) and forwarded to the
// interested connections but `except` (-1: none).
emscripten::val relayApplyStored(int handle, double partialBytes, double except, double now, bool mirror) {
  return outcomeOf([&] {
    ms::Json partial = ms::wasm::parseOrThrow(ms::wasm::checkedInputText(partialBytes, "partialBytes"), "stored writes");
    const auto nobody = static_cast<ms::sync::ConnectionId>(-1);
    return relayAt(handle).applyStored(partial, except >= 0 ? static_cast<ms::sync::ConnectionId>(except) : nobody, now, mirror);
  });
}

void relaySetAddress(int handle, double connection, std::string address) {
  guarded([&] {
    relayAt(handle).setAddress(ms::wasm::connectionFromJs(connection), address);
    return 0;
  });
}

void relaySetPublicLimits(int handle, double publicBytes, double publicBytesPerMinute) {
  guarded([&] {
    relayAt(handle).setPublicLimits(byteCount(publicBytes, "limits.publicBytes"), byteCount(publicBytesPerMinute, "limits.publicBytesPerMinute"));
    return 0;
  });
}

// Presence lasts `timeoutMs` (1 ms to a day) without a heartbeat.
void relaySetPresenceLimits(int handle, double timeoutMs, double bytesPerMinute) {
  guarded([&] {
    if (!(timeoutMs >= 1 && timeoutMs <= 24 * 3600'000.0)) ms::throwRangeError("limits.presenceTimeoutMs", "must be from 1 to 86400000 (a day)");
    relayAt(handle).setPresenceLimits(timeoutMs, byteCount(bytesPerMinute, "limits.presenceBytesPerMinute"));
    return 0;
  });
}

void relayOnClose(int handle, double connection) {
  guarded([&] {
    relayAt(handle).onClose(ms::wasm::connectionFromJs(connection));
    return 0;
  });
}

}  // namespace

// The id of the frame `text` (or "" when none can be read), for the replies
// the JS layer makes itself (rate limit, binary frame) to name their request.
std::string relayFrameIdOf(std::string text, double maxFrameBytes) {
  return guarded([&] {
    ms::sync::FrameLimits limits;
    limits.maxBytes = byteCount(maxFrameBytes, "limits.frameBytes");
    return ms::sync::frameIdOf(text, limits);
  });
}

EMSCRIPTEN_BINDINGS(mutual_store_relay) {
  using emscripten::function;
  function("relayCreate", &relayCreate);
  function("relayDestroy", &relayDestroy);
  function("relayOnFrame", &relayOnFrame);
  function("relayOnClose", &relayOnClose);
  function("relayOnPeerOpen", &relayOnPeerOpen);
  function("relayApplyDue", &relayApplyDue);
  function("relayPublicKey", &relayPublicKey);
  function("relayPublicKeyOf", &relayPublicKeyOf);
  function("relayIsPeer", &relayIsPeer);
  function("relayLoadDeferred", &relayLoadDeferred);
  function("relaySetAddress", &relaySetAddress);
  function("relaySetClustered", &relaySetClustered);
  function("relayApplyStored", &relayApplyStored);
  function("relaySetPublicLimits", &relaySetPublicLimits);
  function("relaySetPresenceLimits", &relaySetPresenceLimits);
  function("relayFrameIdOf", &relayFrameIdOf);
  function("relayTableSizes", &relayTableSizes);
}
