// `pattern` evaluated by the JS engine's RegExp (ECMA-262, as JSON Schema
// specifies), each compiled once, when its schema is, and kept in a table
// on the module.
#include <emscripten.h>

#include "schema/pattern_engine.h"

// (Written in the JS that Emscripten's own parser accepts: no ??=, no bare catch.)
EM_JS(int, ms_pattern_compile, (const char* source, int length), {
  Module.msUtf8 = Module.msUtf8 || new TextDecoder();
  Module.msPatterns = Module.msPatterns || [];
  var text = Module.msUtf8.decode(HEAPU8.subarray(source, source + length));
  var pattern = null;
  try {
    pattern = new RegExp(text, 'u');
  } catch (unicodeError) {
    // Some patterns written for JS without the u flag (e.g. "\\'") are only valid without it.
    try {
      pattern = new RegExp(text);
    } catch (error) {
      return -1;
    }
  }
  Module.msPatterns.push(pattern);
  return Module.msPatterns.length - 1;
});

EM_JS(int, ms_pattern_search, (int id, const char* text, int length), {
  return Module.msPatterns[id].test(Module.msUtf8.decode(HEAPU8.subarray(text, text + length))) ? 1 : 0;
});

namespace {

class RegExpEngine final : public ms::schema::PatternEngine {
 public:
  int compile(const std::string& source, std::string& error) override {
    int id = ms_pattern_compile(source.data(), static_cast<int>(source.size()));
    if (id < 0) error = "JS RegExp refuses it";
    return id;
  }
  bool search(int id, std::string_view text) override {
    return ms_pattern_search(id, text.data(), static_cast<int>(text.size())) != 0;
  }
};

RegExpEngine engine;
const bool installed = (ms::schema::installPatternEngine(&engine), true);

}  // namespace
