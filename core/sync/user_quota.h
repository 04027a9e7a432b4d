#pragma once
// Per-user storage accounting for a relay. A user's space is "~<pub>" and
// "~<pub>/…" (graph/ownership.h); only that user can write there, so
// without a cap one account could fill the relay. Public souls (no owner)
// are not counted here: only the frame and rate limits bound them. Each stored field costs
// an estimate of what keeping it takes: the JSON size of its name plus the
// JSON size of its value, counted once per field (an overwrite replaces
// the old cost, a deletion leaves the cost of `null`).
//
// A put is checked before it merges: when the writes HAM would take would
// leave a user above the limit, the whole put is refused. A put that
// leaves a user no larger than before always passes, so somebody over the
// limit (say, after the limit was lowered) can still tidy up.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/graph.h"

namespace ms::sync {

constexpr std::size_t kDefaultUserQuotaBytes = std::size_t{10} << 20;  // 10 MiB

// The estimated cost of one stored field.
std::size_t fieldCost(const std::string& field, const Json& value);

class UserQuota {
 public:
  struct Touched {
    // (soul, field) → the field's cost before the put (0 when absent).
    std::map<std::pair<std::string, std::string>, std::size_t> fields;
    // pub → the cost of its writes from the future: they land later, outside
    // any put, so they are booked now, in full (an overestimate, never an
    // escape from the limit).
    std::map<std::string, std::int64_t> deferred;
  };

  explicit UserQuota(std::size_t limitBytes = kDefaultUserQuotaBytes) : limit_(limitBytes) {}

  // Counts every field of users' spaces already in `graph` (data loaded
  // from storage before the relay started).
  void countAll(const graph::Graph& graph);

  // Throws ms::InputError ("put refused: … quota …") when `writes` would
  // take a user past the limit. HAM is asked as the merge will ask it, so
  // writes that lose change nothing; writes from the future are counted in
  // full, as they land when their time comes. Returns the users' fields the
  // writes touch, for settle().
  Touched check(const std::vector<graph::Write>& writes, const graph::Graph& graph, double now) const;

  // After the merge: moves each touched field from its old cost to its cost
  // in `graph` now, and books the deferred writes. Reading the result (not predicting it) keeps the counts
  // exact whatever the merge did.
  void settle(const Touched& touched, const graph::Graph& graph);

  std::size_t used(const std::string& pub) const;
  std::size_t limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::unordered_map<std::string, std::int64_t> used_;  // pub → bytes
};

}  // namespace ms::sync
