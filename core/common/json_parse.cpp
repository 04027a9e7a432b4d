#include "common/json_parse.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ms {
namespace {

using Members = std::vector<std::pair<const std::string, Json>>;  // what ordered_map is made of

// Keeps the first position and the last value of every key.
void mergeRepeatedKeys(Json& object) {
  Members& members = object.get_ref<Json::object_t&>();
  if (members.size() < 2) return;
  std::unordered_set<std::string_view> seen;
  seen.reserve(members.size());
  bool repeated = false;
  for (const auto& member : members) {
    if (!seen.insert(member.first).second) {
      repeated = true;
      break;
    }
  }
  if (!repeated) return;
  std::unordered_map<std::string, std::size_t> at;
  Members merged;
  for (auto& [key, value] : members) {
    auto [where, fresh] = at.try_emplace(key, merged.size());
    if (fresh) merged.emplace_back(key, std::move(value));
    else merged[where->second].second = std::move(value);
  }
  Json rebuilt = Json::object();
  static_cast<Members&>(rebuilt.get_ref<Json::object_t&>()) = std::move(merged);
  object = std::move(rebuilt);
}

// The SAX events of nlohmann's parser, building the value with an explicit
// stack (no recursion, whatever the nesting).
class Builder {
 public:
  Json result;
  bool failed = false;

  bool null() { return add(Json(nullptr)); }
  bool boolean(bool value) { return add(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return add(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return add(Json(value)); }
  bool number_float(Json::number_float_t value, const std::string&) { return add(Json(value)); }
  bool string(std::string& value) { return add(Json(std::move(value))); }
  bool binary(Json::binary_t&) { return false; }  // not in JSON text

  bool start_object(std::size_t) {
    Json* opened = place(Json::object());
    open_.push_back(opened);
    return true;
  }
  bool key(std::string& key) {
    key_ = std::move(key);
    return true;
  }
  bool end_object() {
    mergeRepeatedKeys(*open_.back());
    open_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    Json* opened = place(Json::array());
    open_.push_back(opened);
    return true;
  }
  bool end_array() {
    open_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    failed = true;
    return false;
  }

 private:
  bool add(Json value) {
    place(std::move(value));
    return true;
  }

  // Puts `value` where it belongs: the result, the open array, or the open
  // object under the last key. The containers below a child are not touched
  // until it closes, so the pointer to it stays valid.
  Json* place(Json value) {
    if (open_.empty()) {
      result = std::move(value);
      return &result;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      auto& items = parent.get_ref<Json::array_t&>();
      items.push_back(std::move(value));
      return &items.back();
    }
    Members& members = parent.get_ref<Json::object_t&>();
    members.emplace_back(std::move(key_), std::move(value));
    return &members.back().second;
  }

  std::vector<Json*> open_;
  std::string key_;
};

}  // namespace

Json parseJson(std::string_view text) {
  Builder builder;
  bool ok = Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json, true);
  if (!ok || builder.failed) return Json(Json::value_t::discarded);
  return std::move(builder.result);
}

}  // namespace ms
