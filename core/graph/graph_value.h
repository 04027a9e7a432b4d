#pragma once
// What a graph field holds: null (a deletion), true/false, a finite number,
// a string, or a link {"#": soul} to another node. Arrays and other objects
// are not values: the API writes nested objects as linked child nodes.
//
// Values stay ms::Json (they cross to JS as JSON text anyway), but a number
// *is* its double: 5, 5.0 and 5e0 are one value, and so are -0 and 0. The
// signature of a write (identity/field_signature) binds the double, so the
// graph must not tell those spellings apart either; canonicalGraphValue()
// gives each value exactly one Json form, and the graph stores only that.
#include <string>
#include <string_view>

#include "common/json.h"

namespace ms::graph {

// The member of a node that holds its metadata (soul, states, signatures).
// It and "" are never field names or path keys (tools/boundary generates
// it for the JS side as META_KEY).
inline constexpr std::string_view kMetaKey = "_";
inline bool isUsableKey(std::string_view key) { return !key.empty() && key != kMetaKey; }

// Throws ms::InputError naming `field` when `value` is not a graph value
// (TypeError for arrays and non-link objects, RangeError for NaN/±inf).
void validateGraphValue(const Json& value, const std::string& field);

// The one Json form of a graph value, validated as above. Numbers: -0
// becomes 0, integral values within ±2^53 become integers, everything else
// a double. Two values are the same value exactly when their canonical
// forms are equal (and dump to the same text).
Json canonicalGraphValue(const Json& value, const std::string& field);

bool isLink(const Json& value);
// The soul a link points to (the value must be a link).
const std::string& linkedSoul(const Json& value);

// The tie-break for two writes with equal states: a total order that looks
// at types first (null < booleans < numbers < strings < links), then at the
// value (false < true; numbers by double value; strings and souls byte by
// byte, as unsigned bytes, i.e. UTF-8 code point order; a prefix sorts
// first). The greater value wins, so every peer picks the same one whatever
// the arrival order, and the string "5" never equals the number 5 (strings
// sort above numbers). Returns -1, 0 or 1; 0 means the same value.
int compareGraphValues(const Json& a, const Json& b);

}  // namespace ms::graph
