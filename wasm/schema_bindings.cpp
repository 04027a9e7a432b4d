// embind bindings for the schema engine. Values arrive as UTF-8 JSON text
// that JS writes straight into wasm memory (TextEncoder.encodeInto into the
// byte buffer), which is much faster than embind's std::string conversion.
#include <emscripten/bind.h>

#include <deque>
#include <string>
#include <string_view>

#include "common/input_error.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "schema/builtin_schemas.h"

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
  Json value = Json::parse(std::string_view(bytes.data(), length), nullptr, false);
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

// "" when the value is valid and needs no defaults (JS keeps its own value),
// {"data": …} when defaults were filled in, {"issues": […]} when invalid.
std::string validateJs(int handle, size_t length) {
  return guarded([&]() -> std::string {
    const CompiledSchema& schema = *schemaTable().at(static_cast<size_t>(handle));
    std::string_view text(flatBuffers().in_bytes.data(), length);
    ValidationResult result = schema.validateText(text);
    if (!result.ok()) return Json{{"issues", issuesToJson(result.issues)}}.dump();
    if (!schema.hasDefaults()) return "";
    Json value = Json::parse(text);
    Json filled = schema.withDefaults(value);
    return filled == value ? "" : Json{{"data", filled}}.dump();
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
}
