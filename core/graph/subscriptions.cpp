#include "graph/subscriptions.h"

#include <algorithm>
#include <tuple>

#include "graph/peer.h"

namespace ms::graph {

Reading Subscriptions::read(const Peer& peer, const Subscription& subscription) {
  Reading reading;
  reading.text = subscription.field ? peer.readFieldText(subscription.soul, *subscription.field, subscription.depth, &reading.souls)
                                    : peer.readText(subscription.soul, subscription.depth, &reading.souls);
  return reading;
}

std::pair<SubscriptionId, const Reading&> Subscriptions::add(const Peer& peer, const std::string& soul, std::optional<std::string> field, int depth) {
  while (next_ == 0 || byId_.contains(next_)) ++next_;  // 0 is never an id; after wrapping, ids in use are skipped
  SubscriptionId id = next_++;
  Subscription subscription{soul, std::move(field), depth, {}};
  subscription.last = read(peer, subscription);
  auto& stored = byId_.emplace(id, std::move(subscription)).first->second;
  index(id, stored.last.souls);
  return {id, stored.last};
}

bool Subscriptions::remove(SubscriptionId id) {
  auto found = byId_.find(id);
  if (found == byId_.end()) return false;
  unindex(id, found->second.last.souls);
  byId_.erase(found);
  return true;
}

Notices Subscriptions::afterChange(const Peer& peer, const std::vector<std::string>& changedSouls) {
  Notices notices;
  if (byId_.empty()) return notices;
  std::vector<SubscriptionId> touched;
  for (const std::string& soul : changedSouls) {
    if (auto found = bySoul_.find(soul); found != bySoul_.end()) touched.insert(touched.end(), found->second.begin(), found->second.end());
  }
  std::sort(touched.begin(), touched.end());  // oldest subscription first
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  // Listeners of the same place (soul, field, depth) read it once.
  std::map<std::tuple<std::string, std::optional<std::string>, int>, Reading> readings;
  std::set<std::string> reached;
  for (SubscriptionId id : touched) {
    Subscription& subscription = byId_.at(id);
    auto [at, fresh] = readings.try_emplace({subscription.soul, subscription.field, subscription.depth});
    if (fresh) at->second = read(peer, subscription);
    const Reading& now = at->second;
    if (now.souls != subscription.last.souls) {
      for (const std::string& soul : now.souls) {
        if (!subscription.last.souls.contains(soul)) reached.insert(soul);
      }
      unindex(id, subscription.last.souls);
      index(id, now.souls);
      subscription.last.souls = now.souls;
    }
    if (now.text == subscription.last.text) continue;
    subscription.last.text = now.text;
    notices.changed.push_back({id, now.text});
  }
  notices.reached.assign(reached.begin(), reached.end());
  return notices;
}

void Subscriptions::index(SubscriptionId id, const std::set<std::string>& souls) {
  for (const std::string& soul : souls) bySoul_[soul].push_back(id);
}

void Subscriptions::unindex(SubscriptionId id, const std::set<std::string>& souls) {
  for (const std::string& soul : souls) {
    auto found = bySoul_.find(soul);
    if (found == bySoul_.end()) continue;
    std::erase(found->second, id);
    if (found->second.empty()) bySoul_.erase(found);
  }
}

}  // namespace ms::graph
