#include "schema/issue_text.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace ms::schema {

std::string formatNumber(double x) {
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, x);
    if (std::strtod(buffer, nullptr) == x) break;
  }
  return buffer;
}

std::string typeNames(std::uint8_t types) {
  static const std::pair<std::uint8_t, const char*> names[] = {
      {kNull, "null"}, {kBoolean, "boolean"}, {kInteger, "integer"}, {kNumber, "number"},
      {kString, "string"}, {kArray, "array"}, {kObject, "object"}};
  std::string text;
  for (const auto& [bit, name] : names) {
    if (!(types & bit)) continue;
    if (!text.empty()) text += '|';
    text += name;
  }
  return text;
}

std::string quotedList(const std::vector<Json>& values, const char* separator) {
  std::string text;
  for (const auto& value : values) {
    if (!text.empty()) text += separator;
    text += value.dump();
  }
  return text;
}

}  // namespace ms::schema
