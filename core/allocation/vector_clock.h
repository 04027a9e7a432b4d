#pragma once
// Vector clocks: pubKey -> counter (spec: allocation.md, "Rounds").
#include "common/json.h"

namespace ms::allocation {

// Throws InputError unless `clock` is an object of whole numbers >= 0.
void validateVectorClock(const Json& clock, const char* field);

// 1 when a happened after b, -1 when before, 0 when equal or concurrent.
// Missing entries count as 0.
int compareVectorClocks(const Json& a, const Json& b);

// Pointwise maximum; keys of a first, then keys only b has.
Json mergeVectorClocks(const Json& a, const Json& b);

// A copy of `clock` with `self`'s counter increased by one.
Json incrementVectorClock(const Json& clock, const std::string& self);

}  // namespace ms::allocation
