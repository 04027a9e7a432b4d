#include "json_input.h"

#include "common/input_error.h"
#include "common/json_parse.h"

namespace ms::wasm {

Json parseOrThrow(std::string_view text, const char* field) {
  Json value = parseJson(text);
  if (value.is_discarded()) throwTypeError(field, "is not valid JSON");
  return value;
}

}  // namespace ms::wasm
