#pragma once
// Where each $id and $anchor of a schema document is, found before
// compiling so a $ref can reach any of them, in any order. A subschema with
// its own $id is a resource of its own: references inside it resolve
// against its URI, so "#/$defs/a" there means its own $defs.
#include <map>
#include <string>

#include "schema/schema_node.h"

namespace ms::schema {

struct SchemaResources {
  // Absolute URI (without fragment) → JSON pointer of the resource's root.
  std::map<std::string, std::string> resources;
  // Absolute URI + "#" + anchor name → JSON pointer.
  std::map<std::string, std::string> anchors;
  // JSON pointer of each subschema → the base URI around it (before its own $id).
  std::map<std::string, std::string> outerBase;

  // Throws ms::InputError (Type) on a malformed $id or $anchor, and on
  // $dynamicRef/$dynamicAnchor, whose resolution depends on the path taken.
  static SchemaResources index(const Json& root, const std::string& rootBase);
};

// The base URI of a document without a root $id.
inline const std::string kDefaultBaseUri = "urn:mutual-store:schema";

// The base URI inside `schema`: its $id resolved against the base around it.
std::string baseInside(const Json& schema, const std::string& outerBase);

}  // namespace ms::schema
