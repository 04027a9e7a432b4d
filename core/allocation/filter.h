#pragma once
// Capacity filters: which recipients a capacity may go to. A filter names a
// predicate from a fixed registry; nothing from the network is ever run as code.
#include <string>

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

}  // namespace ms::allocation
