#pragma once
// Whether a document the loop is about to publish says something new
// compared with the one it published last, so that the same content is not
// signed and sent again (the loop used to compare JSON text in JS).
#include <initializer_list>
#include <string_view>

#include "common/json.h"

namespace ms::allocation {

// Same shape and keys, every number within `relativeTolerance` of the other
// (relative to the larger magnitude, at least 1), everything else equal.
// Top-level keys in `ignored` (e.g. "timestamp") are not compared.
bool sameContent(const Json& a, const Json& b, double relativeTolerance,
                 std::initializer_list<std::string_view> ignored = {});

}  // namespace ms::allocation
