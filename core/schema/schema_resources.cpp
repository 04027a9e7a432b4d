#include "schema/schema_resources.h"

#include <set>

#include "common/input_error.h"
#include "schema/schema_uri.h"

namespace ms::schema {
namespace {

// Keywords whose value is a schema, an object of schemas, or an array of
// schemas. Only these are walked: an "$id" inside `const` or `enum` is data.
const std::set<std::string> kSchemaValued = {"additionalProperties", "propertyNames", "items", "contains", "not",
                                             "if", "then", "else", "unevaluatedItems", "unevaluatedProperties",
                                             "contentSchema"};
const std::set<std::string> kSchemaObjects = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"};
const std::set<std::string> kSchemaArrays = {"allOf", "anyOf", "oneOf", "prefixItems"};

[[noreturn]] void fail(const std::string& pointer, const std::string& problem) {
  throwTypeError("schema at #" + pointer, problem);
}

class Indexer {
 public:
  explicit Indexer(SchemaResources& out) : out_(out) {}

  void walk(const Json& schema, const std::string& pointer, const std::string& outer) {
    if (!schema.is_object()) return;
    out_.outerBase.emplace(pointer, outer);
    for (const char* dynamic : {"$dynamicRef", "$dynamicAnchor"}) {
      if (schema.contains(dynamic)) {
        fail(pointer + "/" + dynamic, std::string("uses the keyword \"") + dynamic + "\", which this validator does not support");
      }
    }
    std::string base = baseInside(schema, outer);
    if (schema.contains("$id")) out_.resources.emplace(base, pointer);
    if (auto anchor = schema.find("$anchor"); anchor != schema.end()) {
      if (!anchor->is_string() || anchor->get<std::string>().empty()) fail(pointer + "/$anchor", "must be a non-empty string");
      out_.anchors.emplace(base + "#" + anchor->get<std::string>(), pointer);
    }
    for (const auto& [key, value] : schema.items()) {
      std::string at = pointer + pointerText({key});
      if (kSchemaValued.count(key)) walk(value, at, base);
      if (kSchemaObjects.count(key) && value.is_object()) {
        for (const auto& [name, sub] : value.items()) walk(sub, at + pointerText({name}), base);
      }
      if (kSchemaArrays.count(key) && value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) walk(value[i], at + "/" + std::to_string(i), base);
      }
    }
  }

 private:
  SchemaResources& out_;
};

}  // namespace

std::string baseInside(const Json& schema, const std::string& outerBase) {
  auto id = schema.is_object() ? schema.find("$id") : schema.end();
  if (!schema.is_object() || id == schema.end()) return outerBase;
  if (!id->is_string()) throwTypeError("schema $id", "must be a string");
  UriParts parts = splitFragment(resolveUri(outerBase, id->get<std::string>()));
  if (!parts.fragment.empty()) throwTypeError("schema $id \"" + id->get<std::string>() + "\"", "must not have a fragment (name anchors with $anchor)");
  return parts.withoutFragment;
}

SchemaResources SchemaResources::index(const Json& root, const std::string& rootBase) {
  SchemaResources out;
  out.resources.emplace(baseInside(root, rootBase), "");
  Indexer(out).walk(root, "", rootBase);
  return out;
}

}  // namespace ms::schema
