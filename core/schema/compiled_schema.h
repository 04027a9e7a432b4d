#pragma once
// A JSON Schema (draft 2020-12 subset) compiled once into a validator.
//
// Supported: type (incl. integer, and arrays of types), properties, required,
// additionalProperties, propertyNames, items, minItems/maxItems,
// minimum/maximum, exclusiveMinimum/exclusiveMaximum, minLength/maxLength,
// enum, const, anyOf, oneOf, $ref into $defs/definitions (or "#"), default.
// Annotations ($schema, $id, title, description, ...) are ignored. Any other
// assertion keyword is refused at compile time: a schema we cannot enforce
// must not be silently accepted as if it were.
#include <string>
#include <string_view>
#include <vector>

#include "schema/schema_node.h"

namespace ms::schema {

// One problem found in a value, in the shape Zod reports:
// path (keys and indices), code, message; `details` carries extras such as
// the unrecognised keys or the issues of each union branch.
struct Issue {
  Json path = Json::array();
  std::string code;
  std::string message;
  Json details;  // null when there is nothing more to say
};

Json issuesToJson(const std::vector<Issue>& issues);

struct ValidationResult {
  std::vector<Issue> issues;  // every problem, not just the first
  bool ok() const { return issues.empty(); }
};

class CompiledSchema {
 public:
  // Throws ms::InputError (Type) naming the schema location on a bad schema.
  static CompiledSchema compile(const Json& jsonSchema);

  // Checks JSON text in one pass without building a document. Throws
  // ms::InputError (Type) when the text is not JSON (or nests deeper than
  // 1,000 levels). NaN and ±Infinity may appear as {"$nonfinite": "NaN"}.
  ValidationResult validateText(std::string_view text) const;
  ValidationResult validate(const Json& value) const { return validateText(value.dump()); }
  // The same from a token stream (schema/token_reader.h).
  ValidationResult validateTokens(const struct TokenStream& stream) const;
  // A copy of a valid `value` with the defaults of missing properties filled in.
  Json withDefaults(const Json& value) const;
  // Whether withDefaults can ever change anything.
  bool hasDefaults() const { return hasDefaults_; }
  const Json& source() const { return source_; }

 private:
  friend class Compiler;
  template <class Reader>
  friend class Validator;
  void deriveFlags();
  Json source_;
  std::vector<Node> nodes_;
  bool hasDefaults_ = false;
};

}  // namespace ms::schema
