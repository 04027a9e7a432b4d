#pragma once
// HAM's order as bytes: orderKey(state, value) gives each write a string
// whose plain byte order (unsigned bytes, a prefix first) is the order in
// which HAM (ham.h) lets writes win, state first, then the value tie-break
// (compareGraphValues). A store that knows nothing of HAM, such as a Redis
// script merging one field, keeps the greater key, and so picks the winner
// the core would pick: the conflict rule stays written once, here.
//   key(a) >  key(b)  ⟺  decide(a, b) == Apply
//   key(a) == key(b)  ⟺  decide(a, b) == IgnoreSame
// (for states that decide() neither defers nor drops). The key is printable
// up to the value's own bytes: 16 hex digits of the state, one digit for the
// value's type, then the value (16 hex digits for numbers, the raw UTF-8
// bytes of strings and of a link's soul).
#include <string>

#include "common/json.h"

namespace ms::graph {

// `value` must be a canonical graph value and `state` finite (the caller
// has checked both); throws ms::InputError otherwise.
std::string orderKey(double state, const Json& value);

}  // namespace ms::graph
