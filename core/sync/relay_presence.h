#pragma once
// A relay's side of presence (presence.h): it checks each announcement, passes
// it to the connections that follow presence (never back to the sender), and
// tells them when a key leaves without a word (its connection closed, or no
// heartbeat within the timeout). Nothing of it is stored: it lives in this
// object, and a restarted relay knows nobody until they announce again.
// Bounded: a state is at most kMaxPresenceStateBytes, a connection keeps at
// most kPresenceKeysPerConnection keys present, and each source (address)
// may send presence worth `bytesPerMinute` (what it sends is multiplied by
// the number of followers).
#include <functional>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "common/json.h"
#include "sync/presence.h"
#include "sync/write_budget.h"

namespace ms::sync {

constexpr std::size_t kPresenceKeysPerConnection = 4;
constexpr std::size_t kDefaultPresenceBytesPerMinute = 64 * 1024;
// What one announcement is charged besides its state: key, signature, framing.
constexpr std::size_t kPresenceOverheadBytes = 256;

class RelayPresence {
 public:
  // Frames to send (one message, or a batch), each with its recipients;
  // `nextId` gives the relay's message ids.
  using Sends = std::vector<std::pair<std::vector<ConnectionId>, Json>>;
  using NextId = std::function<std::string()>;

  RelayPresence() : book_(kPresenceKeysPerConnection), budget_(kDefaultPresenceBytesPerMinute) {}
  void setLimits(double timeoutMs, std::size_t bytesPerMinute) {
    book_.setTimeout(timeoutMs);
    budget_ = WriteBudget(bytesPerMinute);
  }

  // A "presence" message `id` from `from` (charged to `source`'s budget);
  // throws ms::InputError when refused, having sent nothing.
  void onMessage(ConnectionId from, const std::string& source, const std::string& id, const PresenceMessage& message, double now, const NextId& nextId, Sends& out);
  // The connection is gone: its keys leave at the next tick.
  void onClose(ConnectionId connection);
  // Keys gone since the last tick (closed, or silent past the timeout), told to the followers.
  void tick(double now, const NextId& nextId, Sends& out);

  const PresenceBook& book() const { return book_; }

 private:
  std::vector<ConnectionId> followersExcept(ConnectionId from) const;

  PresenceBook book_;
  WriteBudget budget_;
  std::set<ConnectionId> followers_;
  std::vector<std::string> left_;  // keys whose connections closed since the last tick
};

}  // namespace ms::sync
