#pragma once
// Capacity filters: which recipients a capacity may go to. A filter names a
// predicate from a fixed registry; nothing from the network is ever run as code.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/json.h"

namespace ms::allocation {

// Throws InputError when `filter` is not a CapacityFilter or names an
// unknown predicate. Null means "no filter".
void validateFilter(const Json& filter);

// `attributes` is the recipient commitment's attributes (null when absent).
// Predicates: "all" (the default): every required attribute matches;
// "any": at least one does. A scalar requirement matches a value equal to it
// or an array containing it; an array requirement matches when one member does.
bool passesFilter(const Json& attributes, const Json& filter);

// The same rule over interned values, for bulk use: the caller has given
// every distinct scalar one id (equal values, equal ids; "5" and 5 differ),
// so "equals or is contained in" becomes "the two id sets meet".
struct InternedFilter {
  bool any = false;                               // the "any" predicate; otherwise "all"
  std::vector<std::vector<uint32_t>> required;    // per required key, the ids it accepts
};
// `have[k]` holds the recipient's ids for required key k; nullopt when it
// lacks the attribute.
bool passesInternedFilter(const InternedFilter& filter, std::span<const std::optional<std::span<const uint32_t>>> have);
// The predicate and required keys of a validated filter, for interning.
bool isAnyPredicate(const Json& filter);

}  // namespace ms::allocation
