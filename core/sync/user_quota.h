#pragma once
// Storage accounting for a relay. A user's space is "~<pub>" and
// "~<pub>/…" (graph/ownership.h); only that user can write there, so without
// a cap one account could fill the relay. Everything else (public nodes,
// alias lists) is one shared public space under a relay-wide cap; who may
// write how fast into it is write_budget.h's business. Each stored field
// costs an estimate of what keeping it takes: the JSON sizes of its soul
// name, its field name and its value (storage keeps all three per field),
// counted once per field (an overwrite replaces the old cost, a deletion
// leaves the cost of `null`).
//
// A put is checked before it merges: when the writes HAM would take would
// leave a space above its limit, the whole put is refused. A put that
// leaves a space no larger than before always passes, so somebody over the
// limit (say, after the limit was lowered) can still tidy up.
//
// Writes from the future wait in the graph's queue and land later, outside
// any put: they are charged when they join the queue, once per (soul,
// field, state) however often the same write is replayed, and the charge is
// released when they leave it (landing then moves the field's cost like any
// write; a write dropped or lost to a newer one costs nothing more).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/graph.h"
#include "graph/peer.h"

namespace ms::sync {

constexpr std::size_t kDefaultUserQuotaBytes = std::size_t{10} << 20;     // 10 MiB
constexpr std::size_t kDefaultPublicQuotaBytes = std::size_t{128} << 20;  // 128 MiB

// The estimated cost of one stored field.
std::size_t fieldCost(const std::string& soul, const std::string& field, const Json& value);

class UserQuota {
 public:
  using FieldKey = std::pair<std::string, std::string>;                 // (soul, field)
  using DeferredKey = std::tuple<std::string, std::string, double>;     // (soul, field, state)

  struct Touched {
    // (soul, field) → the field's cost before the put (0 when absent).
    std::map<FieldKey, std::size_t> fields;
    // Writes from the future this put would queue, not charged yet → their cost.
    std::map<DeferredKey, std::int64_t> deferred;
    // Bytes of the public writes the put carries that HAM would take.
    std::size_t publicBytes = 0;
  };

  explicit UserQuota(std::size_t userLimitBytes = kDefaultUserQuotaBytes, std::size_t publicLimitBytes = kDefaultPublicQuotaBytes)
      : userLimit_(userLimitBytes), publicLimit_(publicLimitBytes) {}

  // Counts every field already in `graph` (data loaded from storage before
  // the relay started).
  void countAll(const graph::Graph& graph);

  // Throws ms::InputError ("put refused: … quota …") when `writes` would
  // take a space past its limit. HAM is asked as the merge will ask it, so
  // writes that lose change nothing. Returns what settle() needs.
  Touched check(const std::vector<graph::Write>& writes, const graph::Graph& graph, double now) const;
  // The fields the queue's due writes will touch (before Peer::applyDue).
  Touched checkDue(const graph::Graph& graph, double now) const;
  // What `writes` touch, with no limit checked (writes loaded from storage).
  Touched measure(const std::vector<graph::Write>& writes, const graph::Graph& graph) const;

  // After the merge: moves each touched field from its old cost to its cost
  // in `graph` now, charges the writes that joined the queue and releases
  // those that left it. Reading the result (not predicting it) keeps the
  // counts exact whatever the merge did.
  void settle(const Touched& touched, const graph::Graph& graph, const graph::PutOutcome& merged);

  std::size_t used(const std::string& pub) const;  // "" is the public space
  std::size_t limit() const { return userLimit_; }
  std::size_t publicLimit() const { return publicLimit_; }
  void setPublicLimit(std::size_t bytes) { publicLimit_ = bytes; }

 private:
  std::size_t limitOf(const std::string& space) const { return space.empty() ? publicLimit_ : userLimit_; }
  void add(const std::string& space, std::int64_t bytes) { used_[space] += bytes; }

  std::size_t userLimit_;
  std::size_t publicLimit_;
  std::unordered_map<std::string, std::int64_t> used_;  // pub ("" for public) → bytes
  std::map<DeferredKey, std::int64_t> deferredCharged_;  // queued writes charged → their cost
};

}  // namespace ms::sync
