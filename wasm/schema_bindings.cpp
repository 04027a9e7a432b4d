// embind bindings for the schema engine. Values arrive as UTF-8 JSON text
// that JS writes straight into wasm memory (TextEncoder.encodeInto into the
// byte buffer), which is much faster than embind's std::string conversion.
#include <emscripten/bind.h>

#include <deque>
#include <string>
#include <string_view>

#include "common/json_key_order.h"
#include "common/json_parse.h"
#include "json_input.h"
#include "common/input_error.h"
#include "checked_input.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "schema/builtin_schemas.h"
#include "schema/token_reader.h"

using namespace ms::schema;
using ms::Json;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;

namespace {

// Compiled schemas live as long as the module; JS holds their index.
std::deque<CompiledSchema>& definedSchemas() {
  static std::deque<CompiledSchema> schemas;
  return schemas;
}
std::vector<const CompiledSchema*>& schemaTable() {
  static std::vector<const CompiledSchema*> table;
  return table;
}

const CompiledSchema& schemaAt(int handle) {
  if (handle < 0 || static_cast<std::size_t>(handle) >= schemaTable().size()) ms::throwRangeError("schema handle", "names no schema");
  return *schemaTable()[static_cast<std::size_t>(handle)];
}

int addToTable(const CompiledSchema* schema) {
  schemaTable().push_back(schema);
  return static_cast<int>(schemaTable().size() - 1);
}

int defineSchemaJs(double length) {
  return guarded([&] {
    definedSchemas().push_back(CompiledSchema::compile(ms::wasm::parseOrThrow(ms::wasm::checkedInputText(length, "length"), "schema")));
    return addToTable(&definedSchemas().back());
  });
}

int builtinSchemaJs(std::string name) { return guarded([&] { return addToTable(&builtinSchema(name)); }); }

std::string builtinSchemaNamesJs() { return Json(builtinSchemaNames()).dump(); }

std::string schemaSourceJs(int handle) {
  return guarded([&] { return schemaAt(handle).source().dump(); });
}

// "" when the value is valid and parsing leaves it as it is (JS keeps its
// own value), {"data": …} when defaults were filled in or unknown keys
// stripped, {"issues": […]} when invalid.
std::string validateJs(int handle, double length) {
  return guarded([&]() -> std::string {
    const CompiledSchema& schema = schemaAt(handle);
    std::string_view text = ms::wasm::checkedInputText(length, "length");
    ValidationResult result = schema.validateText(text);
    if (!result.ok()) return Json{{"issues", issuesToJson(result.issues)}}.dump();
    if (!schema.reshapes()) return "";
    Json value = ms::parseJson(text);
    Json shaped = schema.output(value);
    return ms::equalIgnoringKeyOrder(shaped, value) ? "" : Json{{"data", shaped}}.dump();
  });
}

bool schemaReshapesJs(int handle) {
  return guarded([&] { return schemaAt(handle).reshapes(); });
}

// Keys of token streams (js/value-tokens.js): JS keeps the same table.
std::vector<std::string>& keyTable() {
  static std::vector<std::string> keys;
  return keys;
}

void resetKeyTable() { keyTable().clear(); }

// Input u32: the byte lengths of `newKeys` new keys, then `tokenCount`
// tokens. Input bytes: the new keys, then string values (token offsets are
// relative to where the keys end). Input f64: `numberCount` numbers.
// Answers as validate does.
std::string validateTokensJs(int handle, double newKeyCount, double newKeyByteCount, double tokenCount, double numberCount, double byteCount) {
  return guarded([&]() -> std::string {
    using namespace ms::wasm;
    const CompiledSchema& schema = schemaAt(handle);
    auto keyLengths = checkedInputU32(0, newKeyCount, "newKeys");
    auto tokens = checkedInputU32(keyLengths.size(), tokenCount, "tokens");
    auto numbers = checkedInputF64(0, numberCount, "numbers");
    std::string_view bytes = checkedInputText(byteCount, "bytes");
    std::size_t keyBytes = countFromJs(newKeyByteCount, "newKeyBytes", bytes.size());
    // Keys are checked whole before the table learns any of them.
    std::size_t total = 0;
    for (uint32_t length : keyLengths) {
      if (length > keyBytes - total) ms::throwRangeError("token stream", "has keys longer than their bytes");
      total += length;
    }
    std::size_t offset = 0;
    for (uint32_t length : keyLengths) {
      keyTable().emplace_back(bytes.substr(offset, length));
      offset += length;
    }
    TokenStream stream{tokens, numbers, bytes.substr(keyBytes), &keyTable()};
    ValidationResult result = schema.validateTokens(stream);
    if (!result.ok()) return Json{{"issues", issuesToJson(result.issues)}}.dump();
    return "";
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_schema) {
  using emscripten::function;
  function("defineSchema", &defineSchemaJs);
  function("builtinSchema", &builtinSchemaJs);
  function("builtinSchemaNames", &builtinSchemaNamesJs);
  function("schemaSource", &schemaSourceJs);
  function("validate", &validateJs);
  function("schemaReshapes", &schemaReshapesJs);
  function("resetKeyTable", &resetKeyTable);
  function("validateTokens", &validateTokensJs);
}
