#include "schema/json_number.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace ms::schema {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr std::uint64_t kExactMantissa = 1ULL << 53;

// Whether `a` and `b` are too close for an approximate value to decide.
// Near zero (subnormals, underflow in the approximation) and at infinity,
// relative closeness means nothing: always ask for the exact value there.
bool tooClose(double a, double b) {
  double scale = std::fmax(std::fabs(a), std::fabs(b));
  return std::fabs(a - b) <= 1e-12 * scale || scale < 1e-290 || !std::isfinite(scale);
}

}  // namespace

bool readJsonNumber(std::string_view text, std::size_t& pos, JsonNumber& out) {
  const std::size_t start = pos;
  auto peek = [&] { return pos < text.size() ? text[pos] : '\0'; };
  bool negative = peek() == '-';
  if (negative) ++pos;
  std::uint64_t mantissa = 0;
  int digits = 0;     // significant digits kept in mantissa
  int exponent = 0;   // decimal exponent to apply to mantissa
  auto addDigit = [&](char c, bool fraction) {
    if (digits < 19) {
      if (mantissa != 0 || c != '0') ++digits;
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
      if (fraction) --exponent;
    } else if (!fraction) {
      ++exponent;  // a dropped integer digit
    }
  };
  if (peek() == '0') {
    ++pos;
  } else if (isDigit(peek())) {
    while (isDigit(peek())) addDigit(text[pos++], false);
  } else {
    return false;
  }
  bool integerText = true;
  if (peek() == '.') {
    integerText = false;
    ++pos;
    if (!isDigit(peek())) return false;
    while (isDigit(peek())) addDigit(text[pos++], true);
  }
  if (peek() == 'e' || peek() == 'E') {
    integerText = false;
    ++pos;
    bool negativeExponent = peek() == '-';
    if (peek() == '+' || peek() == '-') ++pos;
    if (!isDigit(peek())) return false;
    int written = 0;
    while (isDigit(peek())) {
      if (written < 100000) written = written * 10 + (text[pos] - '0');
      ++pos;
    }
    exponent += negativeExponent ? -written : written;
  }
  out.text = text.substr(start, pos - start);
  out.integerText = integerText;
  double m = static_cast<double>(mantissa);
  if (mantissa <= kExactMantissa && exponent >= -22 && exponent <= 22 && digits < 19) {
    out.value = exponent >= 0 ? m * kPowersOfTen[exponent] : m / kPowersOfTen[-exponent];
    out.exact = true;
  } else {
    out.value = m * std::pow(10.0, exponent);
    out.exact = false;
  }
  if (negative) out.value = -out.value;
  return true;
}

double JsonNumber::exactValue() const {
  if (exact) return value;
  std::string terminated(text);
  return std::strtod(terminated.c_str(), nullptr);
}

bool JsonNumber::isIntegral() const {
  if (integerText) return true;
  double x = exact || std::fabs(value - std::round(value)) <= 1e-9 * std::fmax(1.0, std::fabs(value)) ? exactValue() : value;
  return std::isfinite(x) && std::floor(x) == x;
}

bool JsonNumber::lessThan(double bound) const {
  return (exact || !tooClose(value, bound) ? value : exactValue()) < bound;
}

bool JsonNumber::greaterThan(double bound) const {
  return (exact || !tooClose(value, bound) ? value : exactValue()) > bound;
}

}  // namespace ms::schema
