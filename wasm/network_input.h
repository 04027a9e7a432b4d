#pragma once
// The network that simulate() and the water-filling bindings read from the
// input buffers: u32 weight_start (n + 1) and weight_to (edges); f64 weight
// (edges), capacity (n) and stated_need (n). Counts are checked
// (checked_input.h).
#include "allocation/network.h"

namespace ms::wasm {

ms::allocation::Network networkFromInput(double participants, double edgeCount);

}  // namespace ms::wasm
