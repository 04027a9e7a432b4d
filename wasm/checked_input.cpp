#include "checked_input.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "common/input_error.h"
#include "flat_buffers.h"

namespace ms::wasm {

void throwBadCount(double value, const char* name, std::size_t max) {
  if (std::isnan(value)) throwTypeError(name, "must be a number (got NaN)");
  throwRangeError(name, "must be a whole number from 0 to " + std::to_string(max));
}

std::size_t connectionFromJs(double value) { return countFromJs(value, "connection", SIZE_MAX); }

namespace {

template <class T>
std::span<const T> slice(const std::vector<T>& buffer, std::size_t offset, double count, const char* name) {
  std::size_t n = countFromJs(count, name);
  if (offset > buffer.size() || n > buffer.size() - offset) {
    throwRangeError(name, "(" + std::to_string(n) + ") reaches past the " + std::to_string(buffer.size()) + " entries written");
  }
  return std::span<const T>(buffer.data() + offset, n);
}

}  // namespace

std::span<const uint8_t> checkedInputBytes(std::size_t offset, double count, const char* name) {
  const auto& bytes = flatBuffers().in_bytes;
  std::span<const char> chars = slice(bytes, offset, count, name);
  return {reinterpret_cast<const uint8_t*>(chars.data()), chars.size()};
}

std::string_view checkedInputText(double length, const char* name) {
  std::span<const char> chars = slice(flatBuffers().in_bytes, 0, length, name);
  return {chars.data(), chars.size()};
}

std::span<const uint32_t> checkedInputU32(std::size_t offset, double count, const char* name) {
  return slice(flatBuffers().in_u32, offset, count, name);
}

std::span<const double> checkedInputF64(std::size_t offset, double count, const char* name) {
  return slice(flatBuffers().in_f64, offset, count, name);
}

}  // namespace ms::wasm
