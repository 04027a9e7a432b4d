#include "allocation/filter.h"

#include <algorithm>

#include "common/input_error.h"
#include "common/json_fields.h"

namespace ms::allocation {

namespace {
enum class Predicate { All, Any };

Predicate predicateOf(const Json& filter) {
  if (!filter.contains("filter_fn")) return Predicate::All;
  const Json& name = filter.at("filter_fn");
  if (!name.is_string()) throwTypeError("filter.filter_fn", "must be a string");
  const std::string& text = name.get_ref<const std::string&>();
  if (text == "all") return Predicate::All;
  if (text == "any") return Predicate::Any;
  throwRangeError("filter.filter_fn", "names no registered predicate (known: \"all\", \"any\"; got \"" + text + "\")");
}

// The one decision of every filter, whatever form its values take: "all"
// passes when every required key matches, "any" when one does (and, with
// nothing required, passes too). Stops at the first key that settles it.
template <class Keys, class Matches>
bool decide(bool any, const Keys& keys, Matches matches) {
  bool none = true;
  for (const auto& key : keys) {
    none = false;
    if (matches(key) == any) return any;
  }
  return !any || none;
}

bool isScalar(const Json& v) { return v.is_string() || v.is_number() || v.is_boolean(); }

// JS SameValueZero on strings, numbers and booleans: 1 and 1.0 are equal,
// "1" and 1 are not.
bool sameValue(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a.type() == b.type() && a == b;
}

bool attributeMatches(const Json& have, const Json& want) {
  auto members = [](const Json& v) { return v.is_array() ? v : Json::array({v}); };
  const Json haves = members(have);
  for (const Json& w : members(want)) {
    for (const Json& h : haves) {
      if (sameValue(w, h)) return true;
    }
  }
  return false;
}
}  // namespace

void validateFilter(const Json& filter) {
  if (filter.is_null()) return;
  readObject(filter, "filter");
  predicateOf(filter);
  if (!filter.contains("required_attributes") || filter.at("required_attributes").is_null()) return;
  const Json& required = readObject(filter.at("required_attributes"), "filter.required_attributes");
  for (const auto& [key, want] : required.items()) {
    const std::string field = fieldPath("filter.required_attributes", key);
    auto check = [&](const Json& v) {
      if (!isScalar(v)) throwTypeError(field, "must be a string, number or boolean, or an array of them");
    };
    if (want.is_array()) {
      std::for_each(want.begin(), want.end(), check);
    } else {
      check(want);
    }
  }
}

bool passesFilter(const Json& attributes, const Json& filter) {
  validateFilter(filter);
  if (filter.is_null() || !filter.contains("required_attributes") || filter.at("required_attributes").is_null()) {
    return true;
  }
  const Json& required = filter.at("required_attributes");
  const bool hasAttributes = attributes.is_object();
  auto matches = [&](const std::string& key, const Json& want) {
    return hasAttributes && attributes.contains(key) && attributeMatches(attributes.at(key), want);
  };
  return decide(predicateOf(filter) == Predicate::Any, required.items(), [&](const auto& item) { return matches(item.key(), item.value()); });
}

bool isAnyPredicate(const Json& filter) { return !filter.is_null() && predicateOf(filter) == Predicate::Any; }

bool passesInternedFilter(const InternedFilter& filter, std::span<const std::optional<std::span<const uint32_t>>> have) {
  return decide(filter.any, filter.required, [&](const std::vector<uint32_t>& wanted) {
    const auto& mine = have[&wanted - filter.required.data()];
    if (!mine) return false;
    for (uint32_t want : wanted) {
      if (std::find(mine->begin(), mine->end(), want) != mine->end()) return true;
    }
    return false;
  });
}

}  // namespace ms::allocation
