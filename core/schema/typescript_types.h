#pragma once
// The TypeScript type a JSON Schema describes, for the subset the built-in
// schemas use (type, enum, properties/required, additionalProperties,
// propertyNames, items, anyOf, description): what tools/boundary writes
// into js/generated/schema-types.d.ts, so that the declarations of the
// built-in schemas come from the schemas themselves.
#include <string>

#include "common/json.h"

namespace ms::schema {

// `indent` is the indentation of the line the type starts on. Throws
// std::invalid_argument for a keyword it cannot express, so that a new
// keyword in a built-in schema fails the build instead of widening a type.
std::string typeScriptOf(const Json& schema, const std::string& indent = "");

}  // namespace ms::schema
