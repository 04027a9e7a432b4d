#include "sync/user_quota.h"

#include "common/input_error.h"
#include "graph/ham.h"
#include "graph/ownership.h"

namespace ms::sync {
namespace {

// Stored strings came through a JSON parser or from JS and are valid UTF-8;
// `replace` only makes sure that measuring can never throw.
std::size_t jsonSize(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace).size(); }

}  // namespace

std::size_t fieldCost(const std::string& field, const Json& value) { return jsonSize(Json(field)) + jsonSize(value); }

void UserQuota::countAll(const graph::Graph& graph) {
  const Json all = graph.everything();  // named: items() of a temporary would dangle
  for (const auto& [soul, node] : all.items()) {
    std::string owner = graph::ownerOf(soul);
    if (owner.empty()) continue;
    for (const auto& [field, value] : node.items()) {
      if (field != "_") used_[owner] += static_cast<std::int64_t>(fieldCost(field, value));
    }
  }
}

UserQuota::Touched UserQuota::check(const std::vector<graph::Write>& writes, const graph::Graph& graph, double now) const {
  Touched touched;
  std::map<std::string, std::int64_t> growth;  // pub → bytes this put adds (negative when it shrinks)
  // Fields as the earlier writes of this put leave them: a put may write
  // one field twice, and the merge decides the second against the first.
  std::map<std::pair<std::string, std::string>, graph::FieldWrite> pending;
  for (const graph::Write& write : writes) {
    std::string owner = graph::ownerOf(write.soul);
    if (owner.empty()) continue;
    std::pair<std::string, std::string> ref{write.soul, write.field};
    const graph::Field* stored = graph.read(write.soul, write.field);
    touched.fields.emplace(ref, stored ? fieldCost(write.field, stored->value) : 0);

    graph::FieldWrite storedWrite;
    const graph::FieldWrite* current = nullptr;
    if (auto found = pending.find(ref); found != pending.end()) {
      current = &found->second;
    } else if (stored) {
      storedWrite = {stored->value, stored->state};
      current = &storedWrite;
    }
    graph::FieldWrite incoming{write.data.value, write.data.state};
    const auto newCost = static_cast<std::int64_t>(fieldCost(write.field, incoming.value));
    switch (graph::decide(incoming, current, now, graph.limits())) {
      case graph::Decision::Apply:
        growth[owner] += newCost - (current ? static_cast<std::int64_t>(fieldCost(write.field, current->value)) : 0);
        pending[ref] = std::move(incoming);
        break;
      case graph::Decision::Defer:
        // It waits in the graph's queue and lands later: it must fit then.
        growth[owner] += newCost;
        touched.deferred[owner] += newCost;
        break;
      default:
        break;  // loses to what is there, or is dropped: stores nothing
    }
  }
  for (const auto& [pub, added] : growth) {
    auto found = used_.find(pub);
    std::int64_t after = (found == used_.end() ? 0 : found->second) + added;
    if (added > 0 && static_cast<std::uint64_t>(after) > limit_) {  // after > 0 here: the cast is exact
      throwRangeError("put", "refused: the space of ~" + pub + " would hold " + std::to_string(after) +
                                 " bytes, over this relay's storage quota of " + std::to_string(limit_) + " bytes per user");
    }
  }
  return touched;
}

void UserQuota::settle(const Touched& touched, const graph::Graph& graph) {
  for (const auto& [ref, before] : touched.fields) {
    const graph::Field* now = graph.read(ref.first, ref.second);
    std::int64_t after = now ? static_cast<std::int64_t>(fieldCost(ref.second, now->value)) : 0;
    used_[graph::ownerOf(ref.first)] += after - static_cast<std::int64_t>(before);
  }
  for (const auto& [pub, bytes] : touched.deferred) used_[pub] += bytes;
}

std::size_t UserQuota::used(const std::string& pub) const {
  auto found = used_.find(pub);
  return found == used_.end() ? 0 : static_cast<std::size_t>(found->second);
}

}  // namespace ms::sync
