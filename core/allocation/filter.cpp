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
  const Predicate predicate = predicateOf(filter);
  for (const auto& [key, want] : required.items()) {
    bool matches = hasAttributes && attributes.contains(key) && attributeMatches(attributes.at(key), want);
    if (predicate == Predicate::All && !matches) return false;
    if (predicate == Predicate::Any && matches) return true;
  }
  return predicate == Predicate::All || required.empty();
}

bool isAnyPredicate(const Json& filter) { return !filter.is_null() && predicateOf(filter) == Predicate::Any; }

bool passesInternedFilter(const InternedFilter& filter, std::span<const std::optional<std::span<const uint32_t>>> have) {
  for (std::size_t k = 0; k < filter.required.size(); ++k) {
    bool matches = false;
    if (have[k]) {
      for (uint32_t want : filter.required[k]) {
        matches = matches || std::find(have[k]->begin(), have[k]->end(), want) != have[k]->end();
      }
    }
    if (!filter.any && !matches) return false;
    if (filter.any && matches) return true;
  }
  return !filter.any || filter.required.empty();
}

}  // namespace ms::allocation
