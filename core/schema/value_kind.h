#pragma once
// What a reader finds at the start of a value, for the validator.
namespace ms::schema {

enum class ValueKind { Null, Boolean, Number, String, Array, Object, NonFinite };

// A reader's progress through an array or object.
struct Cursor {
  bool first = true;
  unsigned remaining = 0;  // token readers know counts up front
};

}  // namespace ms::schema
