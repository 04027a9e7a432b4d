#pragma once
// Object members in constant time. The core's Json keeps keys in insertion
// order (json.h), and that ordered map finds a key by walking its members:
// `object[key]`, `find` and `contains` cost O(members), so building or
// reading an object of n fields through them costs O(n²) (a 40,000-field
// put took 9 s). Code that handles objects of outside size goes through
// these instead: a hash index built once, and appends that do not search.
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/json.h"

namespace ms {

using JsonMembers = std::vector<std::pair<const std::string, Json>>;  // what an ordered_json object is made of

// Appends `key` without looking for it: the caller knows it is not there yet.
inline Json& appendMember(Json& object, std::string key, Json value) {
  if (object.is_null()) object = Json::object();
  JsonMembers& members = object.get_ref<Json::object_t&>();
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

// A read-only index of an object's members (null or a non-object: empty).
// Valid while the object is not changed.
class MemberIndex {
 public:
  MemberIndex() = default;
  explicit MemberIndex(const Json& object) {
    if (!object.is_object()) return;
    const JsonMembers& members = object.get_ref<const Json::object_t&>();
    at_.reserve(members.size());
    for (const auto& [key, value] : members) at_.try_emplace(key, &value);  // the first of a repeated key, as find() does
  }
  const Json* find(std::string_view key) const {
    auto found = at_.find(key);
    return found == at_.end() ? nullptr : found->second;
  }

 private:
  std::unordered_map<std::string_view, const Json*> at_;
};

// Sets members of one object, each in constant time: existing keys are
// indexed once, new ones appended. It points at the object's members, so
// it stays valid while only it changes the object and the object is not
// copied; an object nested in one that grows is copied (its members are
// pair<const key, value>, which vectors copy rather than move), so hold a
// writer only on an object that nothing else is growing around.
class MemberWriter {
 public:
  explicit MemberWriter(Json& object) {
    if (object.is_null()) object = Json::object();
    members_ = &object.get_ref<Json::object_t&>();
    for (std::size_t i = 0; i < members_->size(); ++i) at_.try_emplace((*members_)[i].first, i);
  }
  Json& operator[](const std::string& key) {
    auto [where, fresh] = at_.try_emplace(key, members_->size());
    if (fresh) members_->emplace_back(key, Json());
    return (*members_)[where->second].second;
  }

 private:
  JsonMembers* members_;
  std::unordered_map<std::string, std::size_t> at_;
};

}  // namespace ms
