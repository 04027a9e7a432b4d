// embind bindings for the seed's allocation simulation (core/allocation/
// network.h, simulation.h): networks cross as flat arrays (network_input.h),
// results come back through the f64 output buffer (layout: core/allocation/
// flat_layout.h), read by js/network-simulation.js.
#include <emscripten/bind.h>

#include "allocation/flat_layout.h"
#include "allocation/network.h"
#include "allocation/simulation.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "network_input.h"

using namespace ms::allocation;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;

namespace {

// Output u32: weight_start (n + 1), weight_to (edges).
// Output f64: weight (edges), capacity (n), stated_need (n).
size_t generateNetworkJs(double n, double k, double seed, double providerFraction, double selfRate) {
  return guarded([&]() -> size_t {
    Network net = generateNetwork({n, k, seed, providerFraction, selfRate});
    auto& b = flatBuffers();
    b.out_u32 = net.weight_start;
    b.out_u32.insert(b.out_u32.end(), net.weight_to.begin(), net.weight_to.end());
    b.out_f64 = net.weight;
    b.out_f64.insert(b.out_f64.end(), net.capacity.begin(), net.capacity.end());
    b.out_f64.insert(b.out_f64.end(), net.stated_need.begin(), net.stated_need.end());
    return net.weight.size();
  });
}

// Input u32: weight_start (n + 1), weight_to (edges); input f64: weight
// (edges), capacity (n), stated_need (n).
// Output f64: flat::SimulationField, then per participant
// flat::SimulatedParticipantField, then (totalResidual, maxDelta) per
// traced round.
size_t simulateJs(double participants, double edgeCount, double maxRounds, double epsilon, double relaxation, bool trace) {
  return guarded([&]() -> size_t {
    auto& b = flatBuffers();
    const Network net = ms::wasm::networkFromInput(participants, edgeCount);
    const size_t n = net.capacity.size();
    SimulationResult r = simulate(net, {maxRounds, epsilon, relaxation, trace});
    auto& out = b.out_f64;
    out.clear();
    using namespace ms::allocation::flat;
    out.reserve(kSimulationHeader + kSimulatedParticipantStride * n + kSimulationTraceStride * r.trace_total_residual.size());
    out.push_back(r.rounds);
    out.push_back(r.max_delta);
    out.push_back(static_cast<double>(r.trace_total_residual.size()));
    for (size_t i = 0; i < n; ++i) {
      const ParticipantCommitment& c = r.commitments[i];
      out.insert(out.end(), {c.residual_need, c.damping_factor, double(c.history_size)});
      out.insert(out.end(), c.history.begin(), c.history.end());
      out.insert(out.end(), {r.received[i], double(r.received_any[i])});
    }
    for (size_t i = 0; i < r.trace_total_residual.size(); ++i) {
      out.push_back(r.trace_total_residual[i]);
      out.push_back(r.trace_max_delta[i]);
    }
    return out.size();
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_simulation) {
  using emscripten::function;
  function("generateNetwork", &generateNetworkJs);
  function("simulate", &simulateJs);
}
