#pragma once
// Scratch buffers in wasm memory that JS fills and reads through typed-array
// views, so bulk data crosses the boundary in one pass instead of one embind
// call (or one JSON value) per field. Single-threaded, like the module.
#include <cstdint>
#include <vector>

namespace ms::wasm {

struct FlatBuffers {
  std::vector<double> in_f64;
  std::vector<uint32_t> in_u32;
  std::vector<double> out_f64;
  std::vector<uint32_t> out_u32;
  std::vector<char> in_bytes;  // UTF-8 text written by TextEncoder.encodeInto
  std::vector<uint8_t> out_bytes;
};

FlatBuffers& flatBuffers();

}  // namespace ms::wasm
