#pragma once
// What the order of an object's keys means. The core's Json keeps keys in
// the order they were written (json.h), and its operator== compares them in
// that order. Where a value is data and not a record of how it was written
// (JSON Schema's enum and const, whether parsing changed a value), objects
// are equal when they have the same members in any order; and where text
// must not depend on how a document was built (a schema's source, parse
// output, issues), keys are put in sorted order.
#include "common/json.h"

namespace ms {

// a == b, except that objects are compared as sets of members. Linear in
// the size of the values (large objects are matched through a hash index).
bool equalIgnoringKeyOrder(const Json& a, const Json& b);

// `value` with the keys of every object in it in ascending byte order.
Json withSortedKeys(Json value);

}  // namespace ms
