#include "sync/relay_presence.h"

#include <algorithm>

#include "common/input_error.h"

namespace ms::sync {
namespace {

// Messages per frame when a newcomer is sent who is here: well within a
// frame's batch and byte limits (a state is at most 1 KiB).
constexpr std::size_t kSnapshotBatch = 50;

}  // namespace

std::vector<ConnectionId> RelayPresence::followersExcept(ConnectionId from) const {
  std::vector<ConnectionId> to;
  for (ConnectionId id : followers_) {
    if (id != from) to.push_back(id);
  }
  return to;
}

void RelayPresence::onMessage(ConnectionId from, const std::string& source, const std::string& id, const PresenceMessage& message, double now,
                              const NextId& nextId, Sends& out) {
  const Json timeout{{"timeout", book_.timeout()}};
  switch (message.kind) {
    case PresenceMessage::Kind::Follow: {
      // Who is here now, then (below) the timeout as the answer: the
      // follower knows it has them all once it is answered. Not its own
      // keys: it would never hear them leave (nothing goes back to its sender).
      if (followers_.insert(from).second) {
        Json batch = Json::array();
        for (const PresenceAnnounce* announce : book_.present(from)) {
          batch.push_back(Json{{"#", nextId()}, {"presence", announceJson(*announce)}});
          if (batch.size() == kSnapshotBatch) out.emplace_back(std::vector<ConnectionId>{from}, std::exchange(batch, Json::array()));
        }
        if (!batch.empty()) out.emplace_back(std::vector<ConnectionId>{from}, std::move(batch));
      }
      break;
    }
    case PresenceMessage::Kind::Announce: {
      try {
        budget_.charge(source, message.announce.state.size() + kPresenceOverheadBytes, now);
      } catch (const InputError&) {
        throwRangeError("presence", "refused: more presence from this address within a minute than this relay passes on (" + std::to_string(budget_.perMinute()) +
                                        " bytes); announce less often");
      }
      book_.take(message.announce, from, now);
      if (std::vector<ConnectionId> to = followersExcept(from); !to.empty()) {
        out.emplace_back(std::move(to), Json{{"#", nextId()}, {"presence", announceJson(message.announce)}});
      }
      break;
    }
    case PresenceMessage::Kind::Timeout:
    case PresenceMessage::Kind::Gone:
      throwRangeError("presence", "refused: only a relay says who is gone and how long presence lasts");
  }
  out.emplace_back(std::vector<ConnectionId>{from}, Json{{"#", nextId()}, {"@", id}, {"presence", timeout}});
}

void RelayPresence::onClose(ConnectionId connection) {
  followers_.erase(connection);
  for (std::string& pub : book_.dropSource(connection)) left_.push_back(std::move(pub));
}

void RelayPresence::tick(double now, const NextId& nextId, Sends& out) {
  std::vector<std::string> gone = std::exchange(left_, {});
  for (std::string& pub : book_.expire(now)) gone.push_back(std::move(pub));
  if (gone.empty() || followers_.empty()) return;
  std::vector<ConnectionId> to(followers_.begin(), followers_.end());
  for (std::size_t start = 0; start < gone.size(); start += kMaxGoneListed) {
    Json list = Json::array();
    for (std::size_t i = start; i < std::min(gone.size(), start + kMaxGoneListed); ++i) list.push_back(gone[i]);
    out.emplace_back(to, Json{{"#", nextId()}, {"presence", {{"gone", std::move(list)}}}});
  }
}

}  // namespace ms::sync
