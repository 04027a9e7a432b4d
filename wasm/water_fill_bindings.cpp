// embind bindings for the water-filling rule (core/allocation/
// water_fill_simulation.h, central_allocation.h): conversions only.
// The network arrives in the flat layout simulate() uses (input u32:
// weight_start (n + 1), weight_to (edges); input f64: weight (edges),
// capacity (n), stated_need (n)); filters, when any, as JSON text
// {"filters": [[index, filter]...], "attributes": [[index, attributes]...]}
// ("" for none). Allocations come back in the f64 output as
// flat::AllocationRowField rows, amounts > 0 only.
#include <emscripten/bind.h>

#include <string>

#include "allocation/central_allocation.h"
#include "allocation/edge_problem.h"
#include "allocation/flat_layout.h"
#include "allocation/water_fill_simulation.h"
#include "common/input_error.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "json_input.h"
#include "network_input.h"

using namespace ms;
using namespace ms::allocation;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;

namespace {

// Index/value pairs from the JS side; the JS side wrote them, so only the
// values (filters, attributes) are outside data.
void readIndexed(const Json& text, const char* key, std::vector<Json>& into) {
  if (!text.contains(key)) return;
  for (const Json& pair : text.at(key)) {
    const size_t i = pair.at(0).get<size_t>();
    if (i >= into.size()) throwRangeError(key, "names an unknown participant");
    into[i] = pair.at(1);
  }
}

EdgeProblem problemFromInput(double participants, double edgeCount, const std::string& filtersText) {
  Network net = ms::wasm::networkFromInput(participants, edgeCount);
  const size_t n = net.capacity.size();
  EdgeFilters filters;
  if (!filtersText.empty()) {
    Json parsed = ms::wasm::parseOrThrow(filtersText, "filters");
    if (!parsed.is_object()) throwTypeError("filters", "must be a JSON object");
    filters.filter.assign(n, nullptr);
    filters.attributes.assign(n, nullptr);
    readIndexed(parsed, "filters", filters.filter);
    readIndexed(parsed, "attributes", filters.attributes);
  }
  return buildEdgeProblem(net, filters);
}

void writeAllocations(const EdgeProblem& pb, const std::vector<double>& amount, std::vector<double>& out) {
  const size_t countAt = out.size();
  out.push_back(0);
  for (uint32_t e = 0; e < pb.edges(); ++e) {
    if (!(amount[e] > 0)) continue;
    out.insert(out.end(), {double(pb.provider[e]), double(pb.recipient[e]), double(pb.tier[e]), amount[e]});
    out[countAt]++;
  }
}

// Output f64: flat::WaterFillField, the allocation count and rows, then
// (maxDelta, total, overAllocation, overCapacity) per traced round.
size_t simulateWaterFillJs(double participants, double edgeCount, double maxRounds, double epsilon, bool merged, bool trace,
                           std::string filtersText) {
  return guarded([&]() -> size_t {
    const EdgeProblem pb =
        problemFromInput(participants, edgeCount, filtersText);
    WaterFillOptions options{.max_rounds = maxRounds,
                             .epsilon = epsilon,
                             .schedule = merged ? Schedule::Merged : Schedule::Phased,
                             .trace = trace};
    const WaterFillResult r = simulateWaterFill(pb, options);
    auto& out = flatBuffers().out_f64;
    out.assign({double(r.rounds), r.converged_at ? double(*r.converged_at) : -1.0, r.max_delta,
                r.max_over_allocation, r.max_over_capacity, double(r.trace.size())});
    writeAllocations(pb, r.transfer, out);
    for (const WaterFillRound& round : r.trace) {
      out.insert(out.end(), {round.max_delta, round.total, round.over_allocation, round.over_capacity});
    }
    return out.size();
  });
}

// Output f64: [allocationCount], then the allocation rows.
size_t centralAllocationJs(double participants, double edgeCount, std::string filtersText) {
  return guarded([&]() -> size_t {
    const EdgeProblem pb =
        problemFromInput(participants, edgeCount, filtersText);
    auto& out = flatBuffers().out_f64;
    out.clear();
    writeAllocations(pb, centralAllocation(pb), out);
    return out.size();
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(water_fill) {
  emscripten::function("simulateWaterFill", &simulateWaterFillJs);
  emscripten::function("centralAllocation", &centralAllocationJs);
}
