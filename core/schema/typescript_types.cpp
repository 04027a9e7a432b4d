#include "schema/typescript_types.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/json_key_order.h"

namespace ms::schema {
namespace {

// Keywords that narrow values in ways TypeScript cannot say (ranges,
// lengths): the type stays `number` or `string` or an array.
const std::set<std::string> kValueOnly = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
                                          "maxLength", "maxItems", "minItems", "$schema", "title", "description"};
const std::set<std::string> kTyped = {"type", "enum", "properties", "required", "additionalProperties",
                                      "propertyNames", "items", "anyOf"};

std::string typeOf(const Json& schema, const std::string& indent);

std::string unionOf(const Json& members, const std::string& indent) {
  std::string text;
  for (const Json& member : members) text += (text.empty() ? "" : " | ") + typeOf(member, indent);
  return text;
}

std::string scalarType(const std::string& type) {
  if (type == "number" || type == "integer") return "number";
  if (type == "string" || type == "boolean" || type == "null") return type;
  if (type == "array") return "unknown[]";
  if (type == "object") return "Record<string, unknown>";
  throw std::invalid_argument("typeScriptOf: unknown type " + type);
}

std::string docComment(const Json& schema, const std::string& indent) {
  auto description = schema.find("description");
  if (description == schema.end()) return "";
  std::string text = description->get<std::string>();
  for (size_t at = text.find("*/"); at != std::string::npos; at = text.find("*/", at)) text.replace(at, 2, "*\\/");
  return indent + "/** " + text + " */\n";
}

std::string objectType(const Json& schema, const std::string& indent) {
  const Json& properties = schema.at("properties");
  const Json required = schema.value("required", Json::array());
  const std::string inner = indent + "  ";
  std::string text = "{\n";
  for (const auto& [name, property] : properties.items()) {
    const bool isRequired = std::find(required.begin(), required.end(), name) != required.end();
    text += docComment(property, inner) + inner + name + (isRequired ? ": " : "?: ") + typeOf(property, inner) + ";\n";
  }
  // Without additionalProperties: false the schema lets other keys through.
  if (schema.value("additionalProperties", Json(true)) != Json(false)) text += inner + "[extra: string]: unknown;\n";
  return text + indent + "}";
}

std::string typeOf(const Json& schema, const std::string& indent) {
  if (schema.is_boolean()) return schema.get<bool>() ? "unknown" : "never";
  for (const auto& [keyword, value] : schema.items()) {
    if (!kValueOnly.count(keyword) && !kTyped.count(keyword)) throw std::invalid_argument("typeScriptOf: cannot express " + keyword);
  }
  if (schema.contains("enum")) {
    std::string text;
    for (const Json& member : schema["enum"]) text += (text.empty() ? "" : " | ") + member.dump();
    return text;
  }
  if (schema.contains("anyOf")) return unionOf(schema["anyOf"], indent);
  const Json type = schema.value("type", Json());
  if (type.is_array()) {
    std::string text;
    for (const Json& member : type) text += (text.empty() ? "" : " | ") + scalarType(member.get<std::string>());
    return text;
  }
  if (type == "array") {
    if (!schema.contains("items")) return "unknown[]";
    const std::string item = typeOf(schema["items"], indent);
    return item.find(' ') == std::string::npos ? item + "[]" : "Array<" + item + ">";
  }
  if (type == "object") {
    if (schema.contains("properties")) return objectType(schema, indent);
    if (schema.contains("additionalProperties")) return "Record<string, " + typeOf(schema["additionalProperties"], indent) + ">";
    return "Record<string, unknown>";
  }
  if (type.is_string()) return scalarType(type.get<std::string>());
  return "unknown";
}

}  // namespace

// Members are listed in key order, however the document was written.
std::string typeScriptOf(const Json& schema, const std::string& indent) { return typeOf(withSortedKeys(schema), indent); }

}  // namespace ms::schema
