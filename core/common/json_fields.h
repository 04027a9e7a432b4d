#pragma once
// Reading typed, range-checked values out of JSON documents that came from
// outside. Every failure names the field ("commitment.stated_need").
#include <string>

#include "common/input_error.h"
#include "common/json.h"

namespace ms {

// The JS layer encodes NaN and ±Infinity (which JSON cannot carry) as
// {"$nonfinite": "NaN"}, so the core can tell "not a number" from "NaN".
bool isNonFiniteMarker(const Json& value);

// A finite number; Type error for non-numbers, Range error for NaN/Infinity.
double readFiniteNumber(const Json& value, const std::string& field);
// A finite number >= 0.
double readNonNegative(const Json& value, const std::string& field);
// A finite number in [lo, hi].
double readInRange(const Json& value, const std::string& field, double lo, double hi);
// A whole number >= 0 that a double holds exactly (<= 2^53).
double readCount(const Json& value, const std::string& field);
// An object (Type error otherwise).
const Json& readObject(const Json& value, const std::string& field);

// "parent.key" or parent["key"] when key is not a plain identifier.
std::string fieldPath(const std::string& parent, const std::string& key);

}  // namespace ms
