// The native tests' pattern engine: std::regex in its ECMAScript grammar
// (byte-wise, without the u flag), enough for the patterns the tests use.
// The package uses JS RegExp (wasm/pattern_engine.cpp).
#include <regex>
#include <vector>

#include "schema/pattern_engine.h"

namespace {

class StdRegexEngine final : public ms::schema::PatternEngine {
 public:
  int compile(const std::string& source, std::string& error) override {
    try {
      patterns_.emplace_back(source, std::regex::ECMAScript);
    } catch (const std::regex_error& problem) {
      error = problem.what();
      return -1;
    }
    return static_cast<int>(patterns_.size() - 1);
  }
  bool search(int id, std::string_view text) override {
    return std::regex_search(text.begin(), text.end(), patterns_.at(static_cast<std::size_t>(id)));
  }

 private:
  std::vector<std::regex> patterns_;
};

StdRegexEngine engine;
const bool installed = (ms::schema::installPatternEngine(&engine), true);

}  // namespace
