#include "common/json_key_order.h"

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include "common/json_members.h"

namespace ms {
namespace {

// Up to this many members, looking each key up by walking the other
// object is cheaper than building an index of it.
constexpr std::size_t kWalkLimit = 16;

const Json* memberOf(const JsonMembers& members, const std::string& key) {
  for (const auto& member : members) {
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

bool sameMembers(const JsonMembers& a, const Json& b) {
  const JsonMembers& others = b.get_ref<const Json::object_t&>();
  if (a.size() != others.size()) return false;
  if (a.size() <= kWalkLimit) {
    for (const auto& [key, value] : a) {
      const Json* other = memberOf(others, key);
      if (!other || !equalIgnoringKeyOrder(value, *other)) return false;
    }
    return true;
  }
  MemberIndex index(b);
  for (const auto& [key, value] : a) {
    const Json* other = index.find(key);
    if (!other || !equalIgnoringKeyOrder(value, *other)) return false;
  }
  return true;
}

}  // namespace

bool equalIgnoringKeyOrder(const Json& a, const Json& b) {
  if (a.is_object() && b.is_object()) return sameMembers(a.get_ref<const Json::object_t&>(), b);
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!equalIgnoringKeyOrder(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;  // scalars (numbers by value), or values of different types
}

Json withSortedKeys(Json value) {
  if (value.is_array()) {
    for (Json& item : value.get_ref<Json::array_t&>()) item = withSortedKeys(std::move(item));
    return value;
  }
  if (!value.is_object()) return value;
  JsonMembers& members = value.get_ref<Json::object_t&>();
  std::vector<std::size_t> order(members.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return members[x].first < members[y].first; });
  Json sorted = Json::object();
  JsonMembers& out = sorted.get_ref<Json::object_t&>();
  out.reserve(members.size());
  // Keys are const in the members, so they are copied; values move.
  for (std::size_t i : order) out.emplace_back(members[i].first, withSortedKeys(std::move(members[i].second)));
  return sorted;
}

}  // namespace ms
