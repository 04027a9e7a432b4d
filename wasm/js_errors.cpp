#include "js_errors.h"

#include <emscripten.h>

EM_JS(void, ms_report_js_error, (int kind, const char* message), {
  const text = UTF8ToString(message);
  Module.pendingError = kind === 1 ? new TypeError(text) : kind === 2 ? new RangeError(text) : new Error(text);
});

namespace ms::wasm {

void reportJsError(int kind, const char* message) { ms_report_js_error(kind, message); }

void reportCaughtException() {
  try {
    throw;
  } catch (const InputError& e) {
    reportJsError(e.kind() == InputError::Kind::Type ? 1 : 2, e.what());
  } catch (const std::exception& e) {
    reportJsError(0, e.what());
  }
}

}  // namespace ms::wasm
