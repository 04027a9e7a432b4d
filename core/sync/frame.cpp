#include "sync/frame.h"

#include "common/json_parse.h"
#include "common/input_error.h"
#include "common/json_fields.h"
#include "common/json_text.h"

namespace ms::sync {
namespace {

std::string readId(const Json& message, const char* key, const std::string& where, const FrameLimits& limits, bool required) {
  auto found = message.find(key);
  if (found == message.end()) {
    if (required) throwTypeError(where, std::string("needs a \"") + key + "\" (message id)");
    return "";
  }
  if (!found->is_string() || found->get_ref<const std::string&>().empty()) throwTypeError(fieldPath(where, key), "must be a non-empty string");
  if (found->get_ref<const std::string&>().size() > limits.maxIdLength) {
    throwRangeError(fieldPath(where, key), "is longer than " + std::to_string(limits.maxIdLength) + " characters");
  }
  return found->get<std::string>();
}

// A get's names are bounded as a put's are (graph.h): a relay keeps them in its interest table.
void checkGetName(const std::string& name, std::size_t most, const std::string& at) {
  if (name.size() > most) throwRangeError(at, "is " + std::to_string(name.size()) + " bytes long; at most " + std::to_string(most) + " are allowed");
}

// The most text a lex condition may take: a few names.
constexpr std::size_t kMaxLexBytes = 4 * graph::kMaxFieldBytes;

GetRequest readGet(const Json& get, const std::string& where) {
  if (!get.is_object()) throwTypeError(where, "must be an object {\"#\": soul, \".\": field}");
  auto soul = get.find("#");
  if (soul == get.end() || !soul->is_string() || soul->get_ref<const std::string&>().empty()) {
    throwTypeError(where + "[\"#\"]", "must be a non-empty soul string");
  }
  checkGetName(soul->get_ref<const std::string&>(), graph::kMaxSoulBytes, where + "[\"#\"]");
  GetRequest request{soul->get<std::string>(), std::nullopt, nullptr};
  for (const auto& [key, value] : get.items()) {
    if (key == "#") continue;
    if (key != ".") throwRangeError(where, "knows only \"#\" and \".\" (got \"" + key + "\")");
    if (value.is_string()) {
      checkGetName(value.get_ref<const std::string&>(), graph::kMaxFieldBytes, where + "[\".\"]");
      request.field = value.get<std::string>();
    } else if (value.is_object()) {
      if (dumpedSize(value) > kMaxLexBytes) throwRangeError(where + "[\".\"]", "is a lex query longer than " + std::to_string(kMaxLexBytes) + " bytes");
      request.lex = Json{{".", value}};
    } else {
      throwTypeError(where + "[\".\"]", "must be a field name or a lex object");
    }
  }
  return request;
}

std::string readRtcId(const Json& value, const std::string& at, const FrameLimits& limits) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) throwTypeError(at, "must be a non-empty string");
  if (value.get_ref<const std::string&>().size() > limits.maxIdLength) throwRangeError(at, "is longer than " + std::to_string(limits.maxIdLength) + " characters");
  return value.get<std::string>();
}

Json readSignal(const Json& signal, const std::string& where, const FrameLimits& limits) {
  if (!signal.is_object()) throwTypeError(where, "must be an object {\"to\": rtc id, \"data\": {…}}");
  bool addressed = false;
  for (const auto& [key, value] : signal.items()) {
    if (key == "to" || key == "from") {
      readRtcId(value, fieldPath(where, key), limits);
      if (addressed) throwRangeError(where, "names both \"to\" and \"from\"");
      addressed = true;
    } else if (key == "data") {
      if (!value.is_object()) throwTypeError(fieldPath(where, key), "must be an object");
    } else {
      throwRangeError(where, "knows only \"to\", \"from\" and \"data\" (got \"" + key + "\")");
    }
  }
  if (!addressed) throwTypeError(where, "needs \"to\" (or \"from\")");
  if (!signal.contains("data")) throwTypeError(where, "needs \"data\"");
  return signal;
}

// Counted before anything is parsed: the work a put asks for is bounded first.
void checkPutWidth(const Json& put, const std::string& at, const FrameLimits& limits) {
  if (!put.is_object()) return;  // parsePartialGraph names the problem
  std::size_t fields = 0;
  for (const auto& [soul, node] : put.items()) {
    if (node.is_object()) fields += node.size() - (node.contains("_") ? 1 : 0);
  }
  if (fields > limits.maxPutFields) {
    throwRangeError(at, "has " + std::to_string(fields) + " fields; one put takes at most " + std::to_string(limits.maxPutFields) + " (split it into several)");
  }
}

// Keys and signatures in URL-safe base64 (43 and 86 characters), with room to spare.
constexpr FrameLimits kProofLimits{.maxIdLength = 128};

// The most rtc ids one "peers" reply may list.
constexpr std::size_t kMaxPeersListed = 64;

Message readMessage(const Json& message, const std::string& where, const FrameLimits& limits) {
  if (!message.is_object()) throwTypeError(where, "must be a message object");
  Message out;
  out.id = readId(message, "#", where, limits, true);
  out.replyTo = readId(message, "@", where, limits, false);
  for (const auto& [key, value] : message.items()) {
    const std::string at = fieldPath(where, key);
    if (key == "#" || key == "@") continue;
    if (key == "get") {
      out.get = readGet(value, at);
    } else if (key == "put") {
      checkPutWidth(value, at, limits);
      try {
        out.writes = graph::parsePartialGraph(value);
      } catch (const InputError& error) {
        throwTypeError(at, std::string("is not a valid partial graph: ") + error.what());
      }
      out.put = value;
    } else if (key == "hi") {
      out.hello = readRtcId(value, at, limits);
    } else if (key == "signal") {
      out.signal = readSignal(value, at, limits);
    } else if (key == "peers") {
      if (!value.is_array()) throwTypeError(at, "must be an array of rtc ids");
      if (value.size() > kMaxPeersListed) throwRangeError(at, "lists more than " + std::to_string(kMaxPeersListed) + " peers");
      std::vector<std::string> ids;
      for (std::size_t i = 0; i < value.size(); ++i) ids.push_back(readRtcId(value[i], at + "[" + std::to_string(i) + "]", limits));
      out.peers = std::move(ids);
    } else if (key == "presence") {
      out.presence = readPresence(value, at);
    } else if (key == "sync") {
      if (value != "all") throwRangeError(at, "must be \"all\"");
      out.syncAll = true;
    } else if (key == "proof") {
      if (!value.is_object() || value.size() != 2 || !value.contains("key") || !value.contains("sig")) {
        throwTypeError(at, "must be {\"key\": public key, \"sig\": signature}");
      }
      out.proof = SyncProof{readRtcId(value["key"], fieldPath(at, "key"), kProofLimits), readRtcId(value["sig"], fieldPath(at, "sig"), kProofLimits)};
    } else if (key == "challenge") {
      out.challenge = readRtcId(value, at, limits);
    } else if (key == "ok") {
      if (!value.is_boolean()) throwTypeError(at, "must be true or false");
      out.ok = value.get<bool>();
    } else if (key == "err") {
      if (!value.is_string()) throwTypeError(at, "must be a string");
      out.error = value.get<std::string>();
    } else {
      throwRangeError(where, "has an unknown field \"" + key + "\"");
    }
  }
  int actions = (out.get ? 1 : 0) + (out.put ? 1 : 0) + (out.syncAll ? 1 : 0) + (out.hello.empty() ? 0 : 1) + (out.signal ? 1 : 0) + (out.presence ? 1 : 0);
  if (actions == 0 && !out.ok && out.error.empty() && !out.peers) throwRangeError(where, "carries nothing (get, put, sync, hi, signal, presence, ok, err or peers)");
  if (actions > 1) throwRangeError(where, "can only do one of get, put, sync, hi and signal, or presence");
  if (out.proof && !out.syncAll) throwRangeError(where, "carries a \"proof\" without \"sync\"");
  return out;
}

}  // namespace

std::vector<Message> parseFrame(std::string_view text, const FrameLimits& limits) {
  if (text.size() > limits.maxBytes) throwRangeError("frame", "is larger than " + std::to_string(limits.maxBytes) + " bytes");
  JsonRefusal refusal;
  Json frame = ms::parseJsonWithin(text, limits.maxDepth, refusal);
  if (refusal == JsonRefusal::kTooDeep) throwRangeError("frame", "nests deeper than " + std::to_string(limits.maxDepth) + " levels");
  if (refusal == JsonRefusal::kNotJson) throwTypeError("frame", "is not valid JSON");
  std::vector<Message> messages;
  if (frame.is_array()) {
    if (frame.empty()) throwRangeError("frame", "is an empty batch");
    if (frame.size() > limits.maxBatch) throwRangeError("frame", "batches more than " + std::to_string(limits.maxBatch) + " messages");
    for (std::size_t i = 0; i < frame.size(); ++i) messages.push_back(readMessage(frame[i], "frame[" + std::to_string(i) + "]", limits));
  } else {
    messages.push_back(readMessage(frame, "frame", limits));
  }
  return messages;
}

namespace {

bool isReadableId(const Json& id, const FrameLimits& limits) {
  return id.is_string() && !id.get_ref<const std::string&>().empty() && id.get_ref<const std::string&>().size() <= limits.maxIdLength;
}

// {"#":"id" or [{"#":"id" at the start of `text`, spaces allowed between the
// tokens; an id with escapes is not read.
std::string leadingId(std::string_view text, const FrameLimits& limits) {
  std::size_t at = 0;
  auto skipSpace = [&] {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) ++at;
  };
  auto expect = [&](std::string_view token) {
    skipSpace();
    if (text.substr(at, token.size()) != token) return false;
    at += token.size();
    return true;
  };
  skipSpace();
  if (at < text.size() && text[at] == '[') ++at;
  if (!expect("{") || !expect("\"#\"") || !expect(":") || !expect("\"")) return "";
  std::size_t end = text.find_first_of("\"\\", at);
  if (end == std::string_view::npos || text[end] != '"' || end == at || end - at > limits.maxIdLength) return "";
  return std::string(text.substr(at, end - at));
}

}  // namespace

std::string frameIdOf(std::string_view text, const FrameLimits& limits) {
  // The leading id is found without parsing; only frames that put it
  // elsewhere are parsed (again) to find it.
  std::string leading = leadingId(text, limits);
  if (!leading.empty() || text.size() > limits.maxBytes) return leading;
  JsonRefusal refusal;
  Json frame = ms::parseJsonWithin(text, limits.maxDepth, refusal);
  if (refusal != JsonRefusal::kNone) return "";
  const Json* first = frame.is_array() ? (frame.empty() ? nullptr : &frame[0]) : &frame;
  if (first == nullptr || !first->is_object()) return "";
  auto id = first->find("#");
  return id != first->end() && isReadableId(*id, limits) ? id->get<std::string>() : "";
}

Json messageJson(const Message& message) {
  Json out = {{"#", message.id}};
  if (!message.replyTo.empty()) out["@"] = message.replyTo;
  if (message.get) {
    Json get = {{"#", message.get->soul}};
    if (message.get->field) get["."] = *message.get->field;
    else if (!message.get->lex.is_null()) get["."] = message.get->lex.at(".");
    out["get"] = std::move(get);
  }
  if (message.put) out["put"] = *message.put;
  if (message.syncAll) out["sync"] = "all";
  if (message.proof) out["proof"] = {{"key", message.proof->key}, {"sig", message.proof->signature}};
  if (!message.challenge.empty()) out["challenge"] = message.challenge;
  if (!message.hello.empty()) out["hi"] = message.hello;
  if (message.signal) out["signal"] = *message.signal;
  if (message.peers) out["peers"] = *message.peers;
  if (message.presence) out["presence"] = presenceJson(*message.presence);
  if (message.ok) out["ok"] = *message.ok;
  if (!message.error.empty()) out["err"] = message.error;
  return out;
}

const char* outgoingKindOf(const Json& message) {
  if (!message.is_object()) return "other";
  if (message.contains("err")) return "error";
  if (message.contains("ok")) return "ack";
  if (message.contains("put")) return "put";
  if (message.contains("peers")) return "peers";
  if (message.contains("signal")) return "signal";
  if (message.contains("sync")) return "sync";
  if (message.contains("presence")) return "presence";
  return "other";
}

}  // namespace ms::sync
