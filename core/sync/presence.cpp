#include "sync/presence.h"

#include <cmath>
#include <cstring>

#include "common/input_error.h"
#include "common/json_fields.h"
#include "common/json_parse.h"
#include "identity/encoding.h"

namespace ms::sync {
namespace {

constexpr char kDomain[] = "mutual-store/presence/v1";
constexpr std::size_t kMaxKeyText = 64;        // a pub is 43 characters of URL-safe base64
constexpr std::size_t kMaxSignatureText = 128;  // a signature is 86
constexpr std::size_t kMaxStateDepth = 8;
constexpr double kMaxTimeoutMs = 24 * 3600'000.0;
constexpr double kMaxSeq = 9007199254740992.0;  // 2^53

void appendLength(identity::Bytes& out, std::size_t length) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(length >> shift));
}

void appendPart(identity::Bytes& out, const std::string& part) {
  appendLength(out, part.size());
  out.insert(out.end(), part.begin(), part.end());
}

void appendDouble(identity::Bytes& out, double x) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(bits >> shift));
}

std::string readText(const Json& value, const std::string& at, std::size_t most) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) throwTypeError(at, "must be a non-empty string");
  if (value.get_ref<const std::string&>().size() > most) throwRangeError(at, "is longer than " + std::to_string(most) + " characters");
  return value.get<std::string>();
}

std::size_t depthOf(const Json& value) {
  std::size_t deepest = 0;
  if (value.is_structured()) {
    for (const Json& item : value) deepest = std::max(deepest, depthOf(item));
    return deepest + 1;
  }
  return 0;
}

// The state text: bounded in bytes before it is parsed, and in depth after
// (1 KiB of brackets parses quickly; the depth bound is for whoever reads it).
void checkState(const std::string& text, const std::string& at) {
  if (text.size() > kMaxPresenceStateBytes) {
    throwRangeError(at, "is " + std::to_string(text.size()) + " bytes; a presence state is at most " + std::to_string(kMaxPresenceStateBytes));
  }
  Json state = parseJson(text);
  if (state.is_discarded()) throwTypeError(at, "is not JSON text");
  if (!state.is_object() && !state.is_null()) throwTypeError(at, "must be the JSON text of an object (or null, to leave)");
  if (depthOf(state) > kMaxStateDepth) throwRangeError(at, "nests deeper than " + std::to_string(kMaxStateDepth) + " levels");
}

PresenceAnnounce readAnnounce(const Json& value, const std::string& at) {
  PresenceAnnounce announce;
  std::size_t known = 0;
  for (const auto& [key, item] : value.items()) {
    const std::string where = fieldPath(at, key);
    if (key == "pub") {
      announce.pub = readText(item, where, kMaxKeyText);
    } else if (key == "seq") {
      announce.seq = readInRange(item, where, 0, kMaxSeq);
      if (announce.seq != std::floor(announce.seq)) throwRangeError(where, "must be a whole number of milliseconds");
    } else if (key == "state") {
      if (!item.is_string()) throwTypeError(where, "must be JSON text (a string)");
      announce.state = item.get<std::string>();
      checkState(announce.state, where);
    } else if (key == "sig") {
      announce.sig = readText(item, where, kMaxSignatureText);
    } else {
      throwRangeError(at, "knows only \"pub\", \"seq\", \"state\" and \"sig\" (got \"" + key + "\")");
    }
    ++known;
  }
  if (known != 4) throwTypeError(at, "needs \"pub\", \"seq\", \"state\" and \"sig\"");
  return announce;
}

}  // namespace

PresenceMessage readPresence(const Json& value, const std::string& at) {
  PresenceMessage message;
  if (value == "follow") return message;  // Kind::Follow
  if (!value.is_object()) throwTypeError(at, "must be \"follow\" or an object");
  if (value.size() == 1 && value.contains("timeout")) {
    message.kind = PresenceMessage::Kind::Timeout;
    message.timeoutMs = readInRange(value["timeout"], fieldPath(at, "timeout"), 1, kMaxTimeoutMs);
  } else if (value.size() == 1 && value.contains("gone")) {
    const Json& gone = value["gone"];
    const std::string where = fieldPath(at, "gone");
    if (!gone.is_array()) throwTypeError(where, "must be an array of keys");
    if (gone.size() > kMaxGoneListed) throwRangeError(where, "lists more than " + std::to_string(kMaxGoneListed) + " keys");
    message.kind = PresenceMessage::Kind::Gone;
    for (std::size_t i = 0; i < gone.size(); ++i) message.gone.push_back(readText(gone[i], where + "[" + std::to_string(i) + "]", kMaxKeyText));
  } else {
    message.kind = PresenceMessage::Kind::Announce;
    message.announce = readAnnounce(value, at);
  }
  return message;
}

Json announceJson(const PresenceAnnounce& announce) {
  return Json{{"pub", announce.pub}, {"seq", announce.seq}, {"state", announce.state}, {"sig", announce.sig}};
}

Json presenceJson(const PresenceMessage& message) {
  switch (message.kind) {
    case PresenceMessage::Kind::Follow: return "follow";
    case PresenceMessage::Kind::Timeout: return Json{{"timeout", message.timeoutMs}};
    case PresenceMessage::Kind::Gone: return Json{{"gone", message.gone}};
    case PresenceMessage::Kind::Announce: break;
  }
  return announceJson(message.announce);
}

identity::Bytes presenceSignedMessage(const PresenceAnnounce& announce) {
  identity::Bytes message(kDomain, kDomain + sizeof kDomain);  // with its NUL as a separator
  appendPart(message, announce.pub);
  appendDouble(message, announce.seq);
  appendPart(message, announce.state);
  return message;
}

PresenceAnnounce signPresence(const identity::UserKeys& keys, double seq, const std::string& state) {
  checkState(state, "presence state");
  PresenceAnnounce announce{keys.pub(), seq, state, ""};
  announce.sig = identity::toBase64Url(identity::sign(presenceSignedMessage(announce), keys.sign.secret_key));
  return announce;
}

bool verifyPresence(const PresenceAnnounce& announce) {
  try {
    return identity::verify(identity::fromBase64Url(announce.sig, "sig", 64), presenceSignedMessage(announce), identity::publicKeyOfPub(announce.pub));
  } catch (const InputError&) {
    return false;  // a malformed key or signature never verifies
  }
}

void PresenceBook::take(const PresenceAnnounce& announce, ConnectionId source, double now) {
  if (std::abs(announce.seq - now) > kPresenceClockWindowMs) {
    throwRangeError("presence", "refused: its time (seq) is more than " + std::to_string(static_cast<long long>(kPresenceClockWindowMs / 60'000)) +
                                    " minutes away from this receiver's clock (is the sender's clock right?)");
  }
  auto found = records_.find(announce.pub);
  if (isStale(announce)) {
    throwRangeError("presence", "refused: not newer than the last one from this key (seq " + std::to_string(static_cast<long long>(announce.seq)) + " <= " +
                                    std::to_string(static_cast<long long>(found->second.last.seq)) + "): a replay, or two senders with one key");
  }
  if (found == records_.end() && records_.size() >= maxKeys_) throwRangeError("presence", "refused: this receiver tracks as many keys as it can; try again later");
  const bool present = announce.state != "null";
  const bool movesHere = present && !(found != records_.end() && found->second.present && found->second.source == source);
  if (movesHere && perSource_ != 0 && bySource_[source] >= perSource_) {
    throwRangeError("presence", "refused: one connection keeps at most " + std::to_string(perSource_) + " keys present");
  }
  if (!verifyPresence(announce)) throwRangeError("presence", "refused: the signature is not the key's signature of this state");
  Record& record = found != records_.end() ? found->second : records_[announce.pub];
  setAbsent(record);
  record.last = announce;
  record.heardAt = now;
  record.source = source;
  if (present) {
    record.present = true;
    ++bySource_[source];
    ++present_;
  }
}

bool PresenceBook::isStale(const PresenceAnnounce& announce) const {
  auto found = records_.find(announce.pub);
  if (found == records_.end()) return false;
  const Record& record = found->second;
  if (announce.seq > record.last.seq) return false;
  const bool dropped = !record.present && record.last.state != "null";
  return !(retakeDropped_ && dropped && announce.seq == record.last.seq && announce.sig == record.last.sig);
}

void PresenceBook::setAbsent(Record& record) {
  if (!record.present) return;
  record.present = false;
  --present_;
  auto count = bySource_.find(record.source);
  if (count != bySource_.end() && --count->second == 0) bySource_.erase(count);
}

std::vector<std::string> PresenceBook::expire(double now) {
  std::vector<std::string> gone;
  for (auto it = records_.begin(); it != records_.end();) {
    Record& record = it->second;
    if (record.present && now - record.heardAt > timeoutMs_) {
      setAbsent(record);
      gone.push_back(it->first);
    }
    // Past the window, an old message is refused by its time: the number can go.
    it = !record.present && now - record.heardAt > kPresenceClockWindowMs ? records_.erase(it) : std::next(it);
  }
  return gone;
}

std::vector<std::string> PresenceBook::dropSource(ConnectionId source, const std::vector<std::string>* only) {
  std::vector<std::string> gone;
  auto drop = [&](const std::string& pub, Record& record) {
    if (!record.present || record.source != source) return;
    setAbsent(record);
    gone.push_back(pub);
  };
  if (only) {
    for (const std::string& pub : *only) {
      if (auto found = records_.find(pub); found != records_.end()) drop(pub, found->second);
    }
  } else if (bySource_.count(source)) {
    for (auto& [pub, record] : records_) drop(pub, record);
  }
  return gone;
}

std::vector<const PresenceAnnounce*> PresenceBook::present(std::optional<ConnectionId> except) const {
  std::vector<const PresenceAnnounce*> out;
  for (const auto& [_, record] : records_) {
    if (record.present && record.source != except) out.push_back(&record.last);
  }
  return out;
}

}  // namespace ms::sync
