#include "sync/user_quota.h"

#include "common/input_error.h"
#include "common/json_text.h"
#include "graph/ham.h"
#include "graph/ownership.h"

namespace ms::sync {
namespace {


std::string refusal(const std::string& space, std::int64_t after, std::size_t limit) {
  if (space.empty()) {
    return "refused: public souls on this relay would hold " + std::to_string(after) + " bytes, over its cap of " +
           std::to_string(limit) + " bytes for public data";
  }
  return "refused: the space of ~" + space + " would hold " + std::to_string(after) + " bytes, over this relay's storage quota of " +
         std::to_string(limit) + " bytes per user";
}

}  // namespace

std::size_t fieldCost(const std::string& soul, const std::string& field, const Json& value) {
  return dumpedSize(Json(soul)) + dumpedSize(Json(field)) + dumpedSize(value);
}

void UserQuota::countAll(const graph::Graph& graph) {
  const Json all = graph.everything();  // named: items() of a temporary would dangle
  for (const auto& [soul, node] : all.items()) {
    std::string space = graph::ownerOf(soul);
    for (const auto& [field, value] : node.items()) {
      if (field != "_") add(space, static_cast<std::int64_t>(fieldCost(soul, field, value)));
    }
  }
}

UserQuota::Touched UserQuota::check(const std::vector<graph::Write>& writes, const graph::Graph& graph, double now) const {
  Touched touched;
  std::map<std::string, std::int64_t> growth;  // space → bytes this put adds (negative when it shrinks)
  // Fields as the earlier writes of this put leave them: a put may write
  // one field twice, and the merge decides the second against the first.
  std::map<FieldKey, graph::FieldWrite> pending;
  for (const graph::Write& write : writes) {
    std::string space = graph::ownerOf(write.soul);
    FieldKey ref{write.soul, write.field};
    const graph::Field* stored = graph.read(write.soul, write.field);
    touched.fields.emplace(ref, stored ? fieldCost(write.soul, write.field, stored->value) : 0);

    graph::FieldWrite storedWrite;
    const graph::FieldWrite* current = nullptr;
    if (auto found = pending.find(ref); found != pending.end()) {
      current = &found->second;
    } else if (stored) {
      storedWrite = {stored->value, stored->state};
      current = &storedWrite;
    }
    graph::FieldWrite incoming{write.data.value, write.data.state};
    const auto newCost = static_cast<std::int64_t>(fieldCost(write.soul, write.field, incoming.value));
    switch (graph::decide(incoming, current, now, graph.limits())) {
      case graph::Decision::Apply:
        growth[space] += newCost - (current ? static_cast<std::int64_t>(fieldCost(write.soul, write.field, current->value)) : 0);
        if (space.empty()) touched.publicBytes += static_cast<std::size_t>(newCost);
        pending[ref] = std::move(incoming);
        break;
      case graph::Decision::Defer: {
        // It waits in the queue and lands later: it must fit then. A write
        // already charged (a replay) costs nothing again.
        DeferredKey key{write.soul, write.field, write.data.state};
        if (deferredCharged_.count(key) || touched.deferred.count(key)) break;
        growth[space] += newCost;
        if (space.empty()) touched.publicBytes += static_cast<std::size_t>(newCost);
        touched.deferred.emplace(std::move(key), newCost);
        break;
      }
      default:
        break;  // loses to what is there, or is dropped: stores nothing
    }
  }
  for (const auto& [space, added] : growth) {
    auto found = used_.find(space);
    std::int64_t after = (found == used_.end() ? 0 : found->second) + added;
    if (added > 0 && static_cast<std::uint64_t>(after) > limitOf(space)) {  // after > 0 here: the cast is exact
      throwRangeError("put", refusal(space, after, limitOf(space)));
    }
  }
  return touched;
}

UserQuota::Touched UserQuota::checkDue(const graph::Graph& graph, double now) const {
  Touched touched;
  for (auto& ref : graph.dueFields(now)) {
    const graph::Field* stored = graph.read(ref.first, ref.second);
    std::size_t before = stored ? fieldCost(ref.first, ref.second, stored->value) : 0;
    touched.fields.emplace(std::move(ref), before);
  }
  return touched;
}

UserQuota::Touched UserQuota::measure(const std::vector<graph::Write>& writes, const graph::Graph& graph) const {
  Touched touched;
  for (const graph::Write& write : writes) {
    const graph::Field* stored = graph.read(write.soul, write.field);
    touched.fields.emplace(FieldKey{write.soul, write.field}, stored ? fieldCost(write.soul, write.field, stored->value) : 0);
    touched.deferred.emplace(DeferredKey{write.soul, write.field, write.data.state},
                             static_cast<std::int64_t>(fieldCost(write.soul, write.field, write.data.value)));
  }
  return touched;
}

void UserQuota::settle(const Touched& touched, const graph::Graph& graph, const graph::PutOutcome& merged) {
  for (const auto& [ref, before] : touched.fields) {
    const graph::Field* now = graph.read(ref.first, ref.second);
    std::int64_t after = now ? static_cast<std::int64_t>(fieldCost(ref.first, ref.second, now->value)) : 0;
    add(graph::ownerOf(ref.first), after - static_cast<std::int64_t>(before));
  }
  for (const graph::Write& write : merged.queued) {
    DeferredKey key{write.soul, write.field, write.data.state};
    auto cost = touched.deferred.find(key);
    if (cost == touched.deferred.end() || !deferredCharged_.emplace(key, cost->second).second) continue;
    add(graph::ownerOf(write.soul), cost->second);
  }
  for (const graph::Write& write : merged.unqueued) {
    auto charged = deferredCharged_.find(DeferredKey{write.soul, write.field, write.data.state});
    if (charged == deferredCharged_.end()) continue;
    add(graph::ownerOf(write.soul), -charged->second);
    deferredCharged_.erase(charged);
  }
}

std::size_t UserQuota::used(const std::string& pub) const {
  auto found = used_.find(pub);
  return found == used_.end() || found->second < 0 ? 0 : static_cast<std::size_t>(found->second);
}

}  // namespace ms::sync
