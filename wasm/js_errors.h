#pragma once
// Turns core exceptions into real JS errors. An exception escaping to JS
// would be an opaque WebAssembly.Exception, and a JS error thrown through
// embind would leak the call's argument buffers; so a failing binding
// records a TypeError/RangeError/Error on the module (`pendingError`) and
// returns normally, and js/core.js throws it to the caller.
#include <exception>
#include <string>

#include "common/input_error.h"

namespace ms::wasm {

// Records a JS error of `kind` (0 Error, 1 TypeError, 2 RangeError).
void reportJsError(int kind, const char* message);

// Runs `body`; a C++ exception is recorded as the matching JS error and a
// default value is returned.
template <class Body>
auto guarded(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const InputError& e) {
    reportJsError(e.kind() == InputError::Kind::Type ? 1 : 2, e.what());
  } catch (const std::exception& e) {
    reportJsError(0, e.what());
  }
  return decltype(body()){};
}

}  // namespace ms::wasm
