#pragma once
// A JSON Schema (draft 2020-12 subset) compiled once into a validator.
//
// Supported: type (incl. integer, and arrays of types), properties, required,
// additionalProperties, propertyNames, items, minItems/maxItems,
// minimum/maximum, exclusiveMinimum/exclusiveMaximum, minLength/maxLength,
// pattern, format (schema/formats.h), enum, const, allOf, anyOf, oneOf, not, $ref
// (JSON pointers and $anchors, within the document, resolved against the
// nearest $id), default, and x-stripUnknown (Zod's default for objects).
// Annotations (title, description, ...) are ignored. Any other assertion
// keyword, a $schema other than draft 2020-12, and references outside the
// document are refused at compile time: a schema we cannot enforce must not
// be silently accepted as if it were.
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
  // A document's issues come in the order of its sorted keys, however it was built.
  ValidationResult validate(const Json& value) const;
  // The same from a token stream (schema/token_reader.h).
  ValidationResult validateTokens(const struct TokenStream& stream) const;
  // What parsing a valid `value` gives: defaults of missing properties
  // filled in, undeclared properties of x-stripUnknown objects dropped;
  // its keys sorted.
  Json output(const Json& value) const;
  // Whether output can ever differ from its input.
  bool reshapes() const { return reshapes_; }
  // Whether `value` is valid against the subschema `id`.
  bool matchesAt(NodeId id, const Json& value) const;
  // The schema it was compiled from, with its keys sorted.
  const Json& source() const { return source_; }

 private:
  friend class Compiler;
  template <class Reader>
  friend class Validator;
  friend class Shaper;
  void deriveFlags();
  Json source_;
  std::vector<Node> nodes_;
  bool reshapes_ = false;
};

}  // namespace ms::schema
