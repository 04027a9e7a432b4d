#pragma once
// Turns core exceptions into real JS errors. An exception escaping to JS
// would be an opaque WebAssembly.Exception; callers want TypeError/RangeError
// with a message naming the field.
#include <emscripten.h>

#include <exception>
#include <string>

#include "common/input_error.h"

namespace ms::wasm {

// Throws a JS error of `kind` (0 Error, 1 TypeError, 2 RangeError). Never returns.
[[noreturn]] void throwJsError(int kind, const std::string& message);

// Runs `body`; a C++ exception becomes the matching JS error.
template <class Body>
auto guarded(Body&& body) -> decltype(body()) {
  int kind = 0;
  // Static so nothing is left to destroy when the JS error unwinds past us.
  static std::string message;
  try {
    return body();
  } catch (const InputError& e) {
    kind = e.kind() == InputError::Kind::Type ? 1 : 2;
    message = e.what();
  } catch (const std::exception& e) {
    message = e.what();
  }
  throwJsError(kind, message);
}

}  // namespace ms::wasm
