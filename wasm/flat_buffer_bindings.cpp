// embind bindings for the flat buffers (flat_buffers.h): JS asks for room,
// writes its input through typed-array views on the returned addresses, and
// reads the outputs the same way.
#include <emscripten/bind.h>

#include "checked_input.h"
#include "flat_buffers.h"
#include "js_errors.h"

using ms::wasm::countFromJs;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;

namespace ms::wasm {
FlatBuffers& flatBuffers() {
  static FlatBuffers buffers;
  return buffers;
}
}  // namespace ms::wasm

namespace {

uintptr_t reserveInput(double f64Count, double u32Count) {
  return guarded([&] {
    auto& b = flatBuffers();
    std::size_t f64 = countFromJs(f64Count, "f64Count"), u32 = countFromJs(u32Count, "u32Count");
    b.in_f64.resize(f64);
    b.in_u32.resize(u32);
    return reinterpret_cast<uintptr_t>(b.in_f64.data());
  });
}
uintptr_t inputU32() { return reinterpret_cast<uintptr_t>(flatBuffers().in_u32.data()); }
// Room for `count` u32 inputs without touching the f64 input (already written).
uintptr_t reserveInputU32(double count) {
  return guarded([&] {
    flatBuffers().in_u32.resize(countFromJs(count, "count"));
    return reinterpret_cast<uintptr_t>(flatBuffers().in_u32.data());
  });
}
uintptr_t outputF64() { return reinterpret_cast<uintptr_t>(flatBuffers().out_f64.data()); }
uintptr_t outputU32() { return reinterpret_cast<uintptr_t>(flatBuffers().out_u32.data()); }

// Room for `count` bytes of input (text or binary) that JS writes directly.
uintptr_t reserveBytes(double countJs) {
  return guarded([&] {
    std::size_t count = countFromJs(countJs, "count");
    auto& bytes = flatBuffers().in_bytes;
    if (bytes.size() < count) bytes.resize(count);
    return reinterpret_cast<uintptr_t>(bytes.data());
  });
}

uintptr_t outputBytes() { return reinterpret_cast<uintptr_t>(flatBuffers().out_bytes.data()); }

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_flat_buffers) {
  using emscripten::function;
  function("reserveInput", &reserveInput);
  function("inputU32", &inputU32);
  function("reserveInputU32", &reserveInputU32);
  function("outputF64", &outputF64);
  function("outputU32", &outputU32);
  function("reserveBytes", &reserveBytes);
  function("outputBytes", &outputBytes);
}
