#pragma once
// Reading JSON numbers fast. musl's strtod (what wasm builds use) costs about
// a microsecond per number; most numbers JS prints have at most 16
// significant digits and convert exactly with one multiplication or
// division by a power of ten (Clinger's fast path). The rest get a close
// approximation, and the exact value only when a decision depends on it.
#include <string_view>

namespace ms::schema {

struct JsonNumber {
  std::string_view text;  // the number as written
  double value = 0;       // exact when `exact`, otherwise within a few ulps
  bool exact = false;
  bool integerText = false;  // no fraction or exponent: an integer whatever its size

  // The correctly rounded value (as JS's Number(text) gives).
  double exactValue() const;
  bool isIntegral() const;
  // value < bound, value > bound etc., exact when the approximation is too close to tell.
  bool lessThan(double bound) const;
  bool greaterThan(double bound) const;
};

// Reads a number that starts at text[pos] following JSON's grammar and
// advances pos. Returns false (pos unspecified) when the grammar is broken.
bool readJsonNumber(std::string_view text, std::size_t& pos, JsonNumber& out);

}  // namespace ms::schema
