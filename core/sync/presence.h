#pragma once
// Presence: who is here now. A signed-in peer announces a small signed state
// (its key, a sequence number, the state as JSON text) and repeats it on a
// heartbeat; relays pass it to the connections that follow presence and
// never store it. The rules, the same for relays and clients:
//   - the signature covers the key, the sequence number and the state text
//     behind a domain tag, so it cannot be moved to another key or state;
//   - the sequence number is the sender's clock in ms: it must be newer than
//     the last one taken from that key (a replay is refused) and within
//     kPresenceClockWindowMs of the receiver's clock (so a key's last number
//     need only be remembered that long);
//   - the state is a JSON object of at most kMaxPresenceStateBytes, or null,
//     which announces leaving;
//   - a key not heard from for the timeout is gone.
// Messages ("presence" in a frame, frame.h):
//   {"pub": key, "seq": ms, "state": "JSON text", "sig": signature}   announce
//   "follow"                      send me who is here, then every change
//   {"timeout": ms}               a relay's reply: heartbeat well within this
//   {"gone": [keys]}              a relay's notice: these left without a word
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "identity/signing.h"
#include "identity/user_keys.h"

namespace ms::sync {

using ConnectionId = std::uint64_t;

constexpr std::size_t kMaxPresenceStateBytes = 1024;
constexpr double kDefaultPresenceTimeoutMs = 30'000;
constexpr double kPresenceClockWindowMs = 5 * 60'000;
// A notice of keys gone lists at most this many; more go in several.
constexpr std::size_t kMaxGoneListed = 256;

struct PresenceAnnounce {
  std::string pub;
  double seq = 0;
  std::string state;  // JSON text: an object, or "null" (leaving)
  std::string sig;
};

struct PresenceMessage {
  enum class Kind { Announce, Follow, Timeout, Gone };
  Kind kind = Kind::Follow;
  PresenceAnnounce announce;
  double timeoutMs = 0;
  std::vector<std::string> gone;
};

// Checks the shape of a message's "presence" value (not the signature);
// throws ms::InputError naming the problem at `at`.
PresenceMessage readPresence(const Json& value, const std::string& at);
Json presenceJson(const PresenceMessage& message);
Json announceJson(const PresenceAnnounce& announce);

// The exact bytes that are signed (exposed for tests and other implementations):
// "mutual-store/presence/v1\0", then the key, the sequence number as 8 bytes
// of big-endian IEEE 754 and the state, the key and state each after its
// length in 4 bytes big-endian.
identity::Bytes presenceSignedMessage(const PresenceAnnounce& announce);
// `state`: JSON text of an object or null, checked as a receiver would.
PresenceAnnounce signPresence(const identity::UserKeys& keys, double seq, const std::string& state);
bool verifyPresence(const PresenceAnnounce& announce);

// Who is here, as one receiver knows it. Each key remembers where it was
// last heard from, so a connection that closes (or a relay that says they
// left) takes only its own keys with it.
class PresenceBook {
 public:
  // `perSource`: keys one connection may keep present at once (0: any number);
  // `maxKeys`: keys remembered at all (present, or gone less than the clock window ago).
  // `retakeDropped`: a key that went with its connection (not by announcing
  // null) may come back with the same message, as it does when a client
  // follows again after reconnecting. A relay never takes one twice.
  explicit PresenceBook(std::size_t perSource = 0, std::size_t maxKeys = 100'000, bool retakeDropped = false)
      : perSource_(perSource), maxKeys_(maxKeys), retakeDropped_(retakeDropped) {}

  void setTimeout(double ms) { timeoutMs_ = ms; }
  double timeout() const { return timeoutMs_; }

  // Takes `announce`, heard from `source` at `now`, or throws ms::InputError
  // saying why not (and changes nothing). Cheap checks come before the signature.
  void take(const PresenceAnnounce& announce, ConnectionId source, double now);
  // Whether `take` would refuse it as not newer (a copy already taken, or a replay).
  bool isStale(const PresenceAnnounce& announce) const;
  // Keys not heard from for the timeout: now gone. Also forgets the last
  // numbers of keys gone longer than the clock window.
  std::vector<std::string> expire(double now);
  // Keys last heard from `source` (all of them, or those in `only`): now gone.
  std::vector<std::string> dropSource(ConnectionId source, const std::vector<std::string>* only = nullptr);
  // Those present, by key (except those last heard from `except`).
  std::vector<const PresenceAnnounce*> present(std::optional<ConnectionId> except = std::nullopt) const;
  std::size_t presentCount() const { return present_; }
  std::size_t size() const { return records_.size(); }

 private:
  struct Record {
    PresenceAnnounce last;
    double heardAt = 0;
    ConnectionId source = 0;
    bool present = false;
  };
  void setAbsent(Record& record);

  std::size_t perSource_, maxKeys_;
  bool retakeDropped_;
  double timeoutMs_ = kDefaultPresenceTimeoutMs;
  std::map<std::string, Record> records_;
  std::map<ConnectionId, std::size_t> bySource_;  // keys present per source
  std::size_t present_ = 0;
};

}  // namespace ms::sync
