#include "graph/graph_value.h"

#include <cmath>
#include <cstdint>

#include "common/input_error.h"

namespace ms::graph {
namespace {

// Rank of a value's type in the tie-break (see graph_value.h).
int typeRank(const Json& value) {
  if (value.is_null()) return 0;
  if (value.is_boolean()) return 1;
  if (value.is_number()) return 2;
  if (value.is_string()) return 3;
  return 4;  // link
}

int sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

// Integers up to 2^53 are exact in a double and print the way JavaScript
// prints them, so they are kept as integers; beyond that a double is the truth.
constexpr double kMaxSafeInteger = 9007199254740992.0;

}  // namespace

bool isLink(const Json& value) {
  return value.is_object() && value.size() == 1 && value.contains("#") && value["#"].is_string() &&
         !value["#"].get_ref<const std::string&>().empty();
}

const std::string& linkedSoul(const Json& value) { return value["#"].get_ref<const std::string&>(); }

void validateGraphValue(const Json& value, const std::string& field) {
  if (value.is_null() || value.is_boolean() || value.is_string() || isLink(value)) return;
  if (value.is_number()) {
    if (!std::isfinite(value.get<double>())) throwRangeError(field, "must be a finite number");
    return;
  }
  if (value.is_array()) throwTypeError(field, "is an array; graphs hold no arrays (use an object keyed by id, or a set)");
  throwTypeError(field, "must be null, a boolean, a finite number, a string or a link {\"#\": soul}");
}

Json canonicalGraphValue(const Json& value, const std::string& field) {
  validateGraphValue(value, field);
  if (!value.is_number()) return value;
  double x = value.get<double>();
  if (x == 0) return Json(0);  // also -0: JSON.stringify(-0) is "0" and signatures treat them alike
  if (std::trunc(x) == x && std::fabs(x) <= kMaxSafeInteger) return Json(static_cast<std::int64_t>(x));
  return Json(x);
}

int compareGraphValues(const Json& a, const Json& b) {
  int ra = typeRank(a), rb = typeRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1: return static_cast<int>(a.get<bool>()) - static_cast<int>(b.get<bool>());
    case 2: {
      double x = a.get<double>(), y = b.get<double>();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    // std::string::compare is char_traits<char>::compare, which compares as
    // unsigned char: plain byte order, the same on every platform.
    case 3: return sign(a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>()));
    case 4: return sign(linkedSoul(a).compare(linkedSoul(b)));
    default: return 0;
  }
}

}  // namespace ms::graph
