#include "common/json_fields.h"

#include <cmath>

namespace ms {

namespace {
std::string describe(const Json& value) {
  if (isNonFiniteMarker(value)) return value.at("$nonfinite").get<std::string>();
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

const char* typeName(const Json& value) {
  if (isNonFiniteMarker(value)) return "number";
  return value.type_name();
}
}  // namespace

bool isNonFiniteMarker(const Json& value) {
  return value.is_object() && value.size() == 1 && value.contains("$nonfinite") &&
         value.at("$nonfinite").is_string();
}

double readFiniteNumber(const Json& value, const std::string& field) {
  if (isNonFiniteMarker(value)) throwRangeError(field, "must be a finite number (got " + describe(value) + ")");
  if (!value.is_number()) throwTypeError(field, std::string("must be a number (got ") + typeName(value) + ")");
  double number = value.get<double>();
  if (!std::isfinite(number)) throwRangeError(field, "must be a finite number (got " + describe(value) + ")");
  return number;
}

double readNonNegative(const Json& value, const std::string& field) {
  double number = readFiniteNumber(value, field);
  if (number < 0) throwRangeError(field, "must be >= 0 (got " + describe(value) + ")");
  return number;
}

double readInRange(const Json& value, const std::string& field, double lo, double hi) {
  double number = readFiniteNumber(value, field);
  if (number < lo || number > hi) {
    throwRangeError(field, "must be between " + Json(lo).dump() + " and " + Json(hi).dump() + " (got " +
                               describe(value) + ")");
  }
  return number;
}

double readCount(const Json& value, const std::string& field) {
  double number = readNonNegative(value, field);
  if (number != std::floor(number) || number > 9007199254740992.0) {
    throwRangeError(field, "must be a whole number (got " + describe(value) + ")");
  }
  return number;
}

const Json& readObject(const Json& value, const std::string& field) {
  if (!value.is_object() || isNonFiniteMarker(value)) {
    throwTypeError(field, std::string("must be an object (got ") + typeName(value) + ")");
  }
  return value;
}

std::string fieldPath(const std::string& parent, const std::string& key) {
  bool plain = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
  for (char c : key) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    if (!word) plain = false;
  }
  if (parent.empty()) return key;
  return plain ? parent + "." + key : parent + "[" + Json(key).dump() + "]";
}

}  // namespace ms
