#pragma once
// What a graph field holds: null (a deletion), true/false, a finite number,
// a string, or a link {"#": soul} to another node. Arrays and other objects
// are not values: the API writes nested objects as linked child nodes.
#include <string>

#include "common/json.h"

namespace ms::graph {

// Throws ms::InputError naming `field` when `value` is not a graph value.
void validateGraphValue(const Json& value, const std::string& field);

bool isLink(const Json& value);
// The soul a link points to (the value must be a link).
const std::string& linkedSoul(const Json& value);

// The tie-break for two writes with equal states: a total order that looks
// at types first (null < booleans < numbers < strings < links), then at the
// value (false < true; numbers by value; strings and souls byte by byte).
// The greater value wins, so every peer picks the same one whatever the
// arrival order, and "5" never equals 5.
int compareGraphValues(const Json& a, const Json& b);

}  // namespace ms::graph
