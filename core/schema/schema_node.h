#pragma once
// A compiled JSON Schema: a flat table of nodes that refer to each other by
// index, so $ref cycles ($defs that refer to themselves) need no pointers.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"
#include "schema/formats.h"

namespace ms::schema {

// Schema documents, enum and const values and defaults are the core's Json;
// a compiled schema keeps its source with sorted keys (common/json_key_order.h)
// and compares values without regard to key order. Values are validated from
// their JSON text or tokens (validator.cpp), so issues come in the order of the text.

using NodeId = int;
constexpr NodeId kNoNode = -1;

// JSON Schema "type" values as bits; 0 means "any type".
enum TypeBit : std::uint8_t {
  kNull = 1,
  kBoolean = 2,
  kInteger = 4,
  kNumber = 8,  // includes integers
  kString = 16,
  kArray = 32,
  kObject = 64,
};

struct Node {
  bool never = false;  // the schema `false`
  std::uint8_t types = 0;

  std::optional<double> minimum, maximum, exclusiveMinimum, exclusiveMaximum;
  std::optional<std::size_t> minLength, maxLength, minItems, maxItems;
  int pattern = -1;  // the pattern engine's id for `pattern`
  std::string patternSource;
  Format format = Format::None;

  std::vector<std::pair<std::string, NodeId>> properties;  // in key order, as the sorted source lists them
  std::vector<std::string> required;
  bool additionalAllowed = true;      // false for `additionalProperties: false`
  NodeId additional = kNoNode;        // schema for undeclared properties
  bool stripUnknown = false;          // "x-stripUnknown": undeclared properties are dropped from the output (Zod's default)
  NodeId propertyNames = kNoNode;
  NodeId items = kNoNode;

  std::optional<std::vector<Json>> enumValues;
  std::optional<Json> constValue;
  std::vector<NodeId> allOf, anyOf, oneOf;
  NodeId notSchema = kNoNode;  // `not`
  NodeId ref = kNoNode;
  std::optional<Json> defaultValue;

  // Derived after compiling, so validation can take fast paths.
  bool composite = false;         // enum, const, allOf, anyOf, oneOf, not or $ref: the value is read more than once
  bool acceptsAnyString = false;  // e.g. {"type": "string"}: a record's keys need no checking
};

}  // namespace ms::schema
