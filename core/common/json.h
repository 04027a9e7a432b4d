#pragma once
// One JSON type for the whole core. `ordered_json` keeps object keys in the
// order they were written, as JavaScript objects do: the allocation engine
// sums in key order, so keeping it is what makes results bit-identical to JS.
#include <nlohmann/json.hpp>

namespace ms {
using Json = nlohmann::ordered_json;
}
