#include "graph/order_key.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "common/input_error.h"
#include "graph/graph_value.h"

namespace ms::graph {
namespace {

// A finite double as 16 hex digits whose text order is its numeric order:
// positives get the sign bit set, negatives are inverted whole (so larger
// magnitudes sort lower). -0 is 0, as in compareGraphValues.
void appendOrderedDouble(double x, std::string& out) {
  if (x == 0) x = 0;
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);  // std::bit_cast is missing from Emscripten's libc++
  bits = (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63);
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(bits >> shift) & 0xf];
}

}  // namespace

std::string orderKey(double state, const Json& value) {
  if (!std::isfinite(state)) throwRangeError("state", "must be a finite number");
  validateGraphValue(value, "value");
  std::string key;
  key.reserve(18 + (value.is_string() ? value.get_ref<const std::string&>().size() : 16));
  appendOrderedDouble(state, key);
  // The type's rank, as compareGraphValues orders types.
  if (value.is_null()) return key += '0';
  if (value.is_boolean()) return (key += '1') += value.get<bool>() ? '1' : '0';
  if (value.is_number()) {
    key += '2';
    appendOrderedDouble(value.get<double>(), key);
    return key;
  }
  if (value.is_string()) return (key += '3') += value.get_ref<const std::string&>();
  return (key += '4') += linkedSoul(value);
}

}  // namespace ms::graph
