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

// Inside a catch block: records the exception being handled as the
// matching JS error (anything not a std::exception goes on). Out of line,
// so that the guarded() of every binding carries one catch, not the sorting
// of exceptions (about 200 bytes of wasm each).
void reportCaughtException();

// Runs `body`; a C++ exception is recorded as the matching JS error and a
// default value is returned.
template <class Body>
auto guarded(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (...) {
    reportCaughtException();
  }
  return decltype(body()){};
}

}  // namespace ms::wasm
