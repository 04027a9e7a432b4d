#pragma once
// Which connection of a relay takes direct (WebRTC) connections under which
// id, so signalling messages can be passed from one peer to another.
#include <cstddef>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/interest.h"

namespace ms::sync {

class RtcDirectory {
 public:
  // Registers `connection` as `id` (replacing its earlier id); false when
  // another connection holds that id.
  bool announce(ConnectionId connection, const std::string& id);
  void forget(ConnectionId connection);
  std::optional<ConnectionId> find(const std::string& id) const;
  // Empty when `connection` never announced itself.
  std::string idOf(ConnectionId connection) const;
  // Up to `max` other ids, the most recently announced first.
  std::vector<std::string> others(ConnectionId connection, std::size_t max) const;

 private:
  std::map<std::string, ConnectionId> byId_;
  std::map<ConnectionId, std::string> byConnection_;
  std::list<std::string> recent_;  // newest first
};

}  // namespace ms::sync
