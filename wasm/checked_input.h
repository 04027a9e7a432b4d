#pragma once
// Numbers and lengths that JS hands the bindings, checked in one place. A
// JS number arrives as a double: cast to size_t unchecked, NaN, -1, 1e300
// or 2**53 wrap or are undefined behaviour, and a length beyond what JS
// wrote reads past the input buffer. So bindings take counts as double and
// read their input buffers through these accessors only: a bad number is a
// TypeError (not a number) or RangeError naming it, and nothing is read or
// changed.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ms::wasm {

// The most a binding reserves or reads in one call (wasm32 memory is 4 GiB).
constexpr std::size_t kMaxInputCount = std::size_t{1} << 30;

// The TypeError/RangeError for a count that is not a whole number in [0, max].
[[noreturn]] void throwBadCount(double value, const char* name, std::size_t max);

// A whole number in [0, max], or a TypeError/RangeError naming `name`.
// Inline: flat-buffer bindings check every recipient index this way.
[[gnu::always_inline]] inline std::size_t countFromJs(double value, const char* name, std::size_t max = kMaxInputCount) {
  if (value >= 0 && value <= static_cast<double>(max) && value == std::floor(value)) return static_cast<std::size_t>(value);
  throwBadCount(value, name, max);
}

// A connection id: a counter the JS glue keeps, so a whole number >= 0.
std::size_t connectionFromJs(double value);

// Entries [offset, offset + count) of an input buffer, or a RangeError when
// JS wrote fewer.
std::span<const uint8_t> checkedInputBytes(std::size_t offset, double count, const char* name);
std::string_view checkedInputText(double length, const char* name);
std::span<const uint32_t> checkedInputU32(std::size_t offset, double count, const char* name);
std::span<const double> checkedInputF64(std::size_t offset, double count, const char* name);

}  // namespace ms::wasm
