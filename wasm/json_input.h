#pragma once
// JSON text from JS, parsed into the core's Json in one place.
#include <string_view>

#include "common/json.h"

namespace ms::wasm {

// The value, or a TypeError "<field> is not valid JSON" (js_errors.h).
Json parseOrThrow(std::string_view text, const char* field);

}  // namespace ms::wasm
