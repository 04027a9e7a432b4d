#pragma once
// `pattern` is an ECMA-262 regular expression, so the host's own engine
// evaluates it (in the browser and Node, JS RegExp: wasm/pattern_engine.cpp).
// Each pattern is compiled once, when its schema is, and then referred to by id.
#include <string>
#include <string_view>

namespace ms::schema {

class PatternEngine {
 public:
  virtual ~PatternEngine() = default;
  // The id of the compiled pattern, or -1 with `error` set when it is not a valid one.
  virtual int compile(const std::string& source, std::string& error) = 0;
  // Whether the pattern matches somewhere in `text` (UTF-8); patterns are not anchored.
  virtual bool search(int id, std::string_view text) = 0;
};

// The engine in use; null until the host installs one (schemas with
// `pattern` are refused without it).
PatternEngine* patternEngine();
void installPatternEngine(PatternEngine* engine);

}  // namespace ms::schema
