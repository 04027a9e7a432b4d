#include "sync/rtc_directory.h"

#include <algorithm>

namespace ms::sync {

bool RtcDirectory::announce(ConnectionId connection, const std::string& id) {
  auto holder = byId_.find(id);
  if (holder != byId_.end()) return holder->second == connection;
  forget(connection);
  byId_[id] = connection;
  byConnection_[connection] = id;
  recent_.push_front(id);
  return true;
}

void RtcDirectory::forget(ConnectionId connection) {
  auto found = byConnection_.find(connection);
  if (found == byConnection_.end()) return;
  byId_.erase(found->second);
  recent_.remove(found->second);
  byConnection_.erase(found);
}

std::optional<ConnectionId> RtcDirectory::find(const std::string& id) const {
  auto found = byId_.find(id);
  if (found == byId_.end()) return std::nullopt;
  return found->second;
}

std::string RtcDirectory::idOf(ConnectionId connection) const {
  auto found = byConnection_.find(connection);
  return found == byConnection_.end() ? std::string() : found->second;
}

std::vector<std::string> RtcDirectory::others(ConnectionId connection, std::size_t max) const {
  std::vector<std::string> out;
  const std::string own = idOf(connection);
  for (const auto& id : recent_) {
    if (out.size() == max) break;
    if (id != own) out.push_back(id);
  }
  return out;
}

}  // namespace ms::sync
