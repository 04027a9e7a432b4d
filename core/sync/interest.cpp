#include "sync/interest.h"

namespace ms::sync {

bool Interest::want(ConnectionId connection, const std::string& soul) {
  Followed& followed = byConnection_[connection];
  if (followed.souls.count(soul)) return true;
  const std::size_t cost = soul.size() + kEntryOverhead;
  if (followed.souls.size() >= maxSouls_ || followed.bytes + cost > maxBytesPerConnection_ || bytes_ + cost > maxBytes_) {
    if (followed.souls.empty()) byConnection_.erase(connection);
    return false;
  }
  followed.souls.insert(soul);
  followed.bytes += cost;
  bytes_ += cost;
  bySoul_[soul].insert(connection);
  return true;
}

bool Interest::wantAll(ConnectionId connection) {
  if (!all_.count(connection) && all_.size() >= kMaxFollowAll) return false;
  all_.insert(connection);
  return true;
}

void Interest::forget(ConnectionId connection) {
  all_.erase(connection);
  auto found = byConnection_.find(connection);
  if (found == byConnection_.end()) return;
  bytes_ -= found->second.bytes;
  for (const auto& soul : found->second.souls) {
    auto& followers = bySoul_[soul];
    followers.erase(connection);
    if (followers.empty()) bySoul_.erase(soul);
  }
  byConnection_.erase(found);
}

std::vector<ConnectionId> Interest::interested(const std::vector<std::string>& souls, ConnectionId from) const {
  std::set<ConnectionId> out;
  for (ConnectionId connection : all_) {
    if (connection != from) out.insert(connection);
  }
  for (const auto& soul : souls) {
    auto found = bySoul_.find(soul);
    if (found == bySoul_.end()) continue;
    for (ConnectionId connection : found->second) {
      if (connection != from) out.insert(connection);
    }
  }
  return {out.begin(), out.end()};
}

std::size_t Interest::soulsOf(ConnectionId connection) const {
  auto found = byConnection_.find(connection);
  return found == byConnection_.end() ? 0 : found->second.souls.size();
}

}  // namespace ms::sync
