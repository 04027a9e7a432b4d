#include "js_errors.h"

EM_JS(void, ms_throw_js_error, (int kind, const char* message), {
  const text = UTF8ToString(message);
  throw kind === 1 ? new TypeError(text) : kind === 2 ? new RangeError(text) : new Error(text);
});

namespace ms::wasm {

void throwJsError(int kind, const std::string& message) {
  ms_throw_js_error(kind, message.c_str());
  __builtin_unreachable();
}

}  // namespace ms::wasm
