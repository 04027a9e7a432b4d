// embind bindings for the schema engine. Values arrive as UTF-8 JSON text
// that JS writes straight into wasm memory (TextEncoder.encodeInto into the
// byte buffer), which is much faster than embind's std::string conversion.
#include <emscripten/bind.h>

#include <deque>
#include <string>
#include <string_view>

#include "common/json_parse.h"
#include "common/input_error.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "schema/builtin_schemas.h"
#include "schema/token_reader.h"

using namespace ms::schema;
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

int addToTable(const CompiledSchema* schema) {
  schemaTable().push_back(schema);
  return static_cast<int>(schemaTable().size() - 1);
}

Json parseInputBytes(size_t length, const char* what) {
  const auto& bytes = flatBuffers().in_bytes;
  Json value = ms::parseJson(std::string_view(bytes.data(), length));
  if (value.is_discarded()) ms::throwTypeError(what, "is not valid JSON");
  return value;
}

int defineSchemaJs(size_t length) {
  return guarded([&] {
    definedSchemas().push_back(CompiledSchema::compile(parseInputBytes(length, "schema")));
    return addToTable(&definedSchemas().back());
  });
}

int builtinSchemaJs(std::string name) { return guarded([&] { return addToTable(&builtinSchema(name)); }); }

std::string builtinSchemaSourceJs(std::string name) {
  return guarded([&] { return builtinJsonSchema(name).dump(); });
}

std::string builtinSchemaNamesJs() { return Json(builtinSchemaNames()).dump(); }

std::string schemaSourceJs(int handle) {
  return guarded([&] { return schemaTable().at(static_cast<size_t>(handle))->source().dump(); });
}

// "" when the value is valid and parsing leaves it as it is (JS keeps its
// own value), {"data": …} when defaults were filled in or unknown keys
// stripped, {"issues": […]} when invalid.
std::string validateJs(int handle, size_t length) {
  return guarded([&]() -> std::string {
    const CompiledSchema& schema = *schemaTable().at(static_cast<size_t>(handle));
    std::string_view text(flatBuffers().in_bytes.data(), length);
    ValidationResult result = schema.validateText(text);
    if (!result.ok()) return Json{{"issues", issuesToJson(result.issues)}}.dump();
    if (!schema.reshapes()) return "";
    Json value = ms::parseJson(text);
    Json shaped = schema.output(value);
    return shaped == value ? "" : Json{{"data", shaped}}.dump();
  });
}

bool schemaReshapesJs(int handle) {
  return guarded([&] { return schemaTable().at(static_cast<size_t>(handle))->reshapes(); });
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
std::string validateTokensJs(int handle, size_t newKeys, size_t newKeyBytes, size_t tokenCount, size_t numberCount, size_t byteCount) {
  return guarded([&]() -> std::string {
    auto& buffers = flatBuffers();
    if (newKeys + tokenCount > buffers.in_u32.size() || numberCount > buffers.in_f64.size() || byteCount > buffers.in_bytes.size() ||
        newKeyBytes > byteCount) {
      ms::throwRangeError("token stream", "is larger than its buffers");
    }
    size_t offset = 0;
    for (size_t i = 0; i < newKeys; ++i) {
      size_t length = buffers.in_u32[i];
      if (length > newKeyBytes - offset) ms::throwRangeError("token stream", "has keys longer than their bytes");
      keyTable().emplace_back(buffers.in_bytes.data() + offset, length);
      offset += length;
    }
    const CompiledSchema& schema = *schemaTable().at(static_cast<size_t>(handle));
    TokenStream stream{std::span<const uint32_t>(buffers.in_u32.data() + newKeys, tokenCount),
                       std::span<const double>(buffers.in_f64.data(), numberCount),
                       std::string_view(buffers.in_bytes.data() + newKeyBytes, byteCount - newKeyBytes), &keyTable()};
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
  function("builtinSchemaSource", &builtinSchemaSourceJs);
  function("builtinSchemaNames", &builtinSchemaNamesJs);
  function("schemaSource", &schemaSourceJs);
  function("validate", &validateJs);
  function("schemaReshapes", &schemaReshapesJs);
  function("resetKeyTable", &resetKeyTable);
  function("validateTokens", &validateTokensJs);
}
