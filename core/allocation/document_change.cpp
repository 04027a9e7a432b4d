#include "allocation/document_change.h"

#include <algorithm>
#include <cmath>

namespace ms::allocation {

namespace {
bool close(double x, double y, double tolerance) {
  if (x == y) return true;
  return std::abs(x - y) <= tolerance * std::max({1.0, std::abs(x), std::abs(y)});
}

bool same(const Json& a, const Json& b, double tolerance) {
  if (a.is_number() && b.is_number()) return close(a.get<double>(), b.get<double>(), tolerance);
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.items()) {
      auto other = b.find(key);
      if (other == b.end() || !same(value, *other, tolerance)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i], tolerance)) return false;
    }
    return true;
  }
  return a == b;
}
}  // namespace

bool sameContent(const Json& a, const Json& b, double relativeTolerance,
                 std::initializer_list<std::string_view> ignored) {
  if (!a.is_object() || !b.is_object()) return same(a, b, relativeTolerance);
  auto skipped = [&](const std::string& key) {
    return std::find(ignored.begin(), ignored.end(), key) != ignored.end();
  };
  size_t compared = 0;
  for (const auto& [key, value] : a.items()) {
    if (skipped(key)) continue;
    ++compared;
    auto other = b.find(key);
    if (other == b.end() || !same(value, *other, relativeTolerance)) return false;
  }
  size_t others = 0;
  for (const auto& [key, _] : b.items()) others += skipped(key) ? 0 : 1;
  return compared == others;
}

}  // namespace ms::allocation
