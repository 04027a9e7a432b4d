// embind bindings: conversions only, no decisions. Small documents cross as
// JSON text; networks and allocation inputs cross as flat arrays
// (flat_buffers.h), in the layouts of core/allocation/flat_layout.h, which
// the JS side reads through js/generated/boundary.js.
#include <emscripten/bind.h>

#include <optional>
#include <span>
#include <string>

#include "common/json_parse.h"
#include "allocation/damping.h"
#include "allocation/filter.h"
#include "allocation/flat_layout.h"
#include "allocation/mutual_recognition.h"
#include "allocation/network.h"
#include "allocation/rounds.h"
#include "allocation/simulation.h"
#include "allocation/two_tier.h"
#include "allocation/vector_clock.h"
#include "common/json_fields.h"
#include "checked_input.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "network_input.h"

using namespace ms;
using namespace ms::allocation;
using ms::wasm::countFromJs;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;
using ms::wasm::checkedInputF64;
using ms::wasm::checkedInputU32;

namespace ms::wasm {
FlatBuffers& flatBuffers() {
  static FlatBuffers buffers;
  return buffers;
}
}  // namespace ms::wasm

namespace {

Json parse(const std::string& text, const char* field) {
  Json value = ms::parseJson(text);
  if (value.is_discarded()) throwTypeError(field, "is not valid JSON");
  return value;
}

std::vector<double> readHistory(const Json& history, const char* field) {
  if (!history.is_array()) throwTypeError(field, "must be an array");
  std::vector<double> values;
  for (size_t i = 0; i < history.size(); ++i) {
    values.push_back(readNonNegative(history[i], std::string(field) + "[" + std::to_string(i) + "]"));
  }
  return values;
}

// ---- small functions: JSON text in, JSON text or numbers out ----

double mutualRecognitionJs(std::string me, std::string them, std::string mine, std::string theirs) {
  return guarded([&] {
    return mutualRecognition(me, them, parse(mine, "myWeights"), parse(theirs, "theirWeights"));
  });
}

std::string allMutualRecognitionJs(std::string me, std::string mine, std::string network) {
  return guarded([&] {
    return allMutualRecognition(me, parse(mine, "myWeights"), parse(network, "networkWeights")).dump();
  });
}

bool passesFilterJs(std::string attributes, std::string filter) {
  return guarded([&] { return passesFilter(parse(attributes, "attributes"), parse(filter, "filter")); });
}

double dampingFactorJs(std::string history) {
  return guarded([&] { return dampingFactor(readHistory(parse(history, "history"), "history")); });
}

std::string updateDampingJs(std::string commitment, double totalReceived) {
  return guarded([&] {
    Json c = readObject(parse(commitment, "commitment"), "commitment");
    double stated = readNonNegative(c.value("stated_need", Json()), "commitment.stated_need");
    double received = readNonNegative(Json(totalReceived), "totalReceived");
    std::vector<double> history;
    if (c.contains("over_allocation_history")) {
      history = readHistory(c.at("over_allocation_history"), "commitment.over_allocation_history");
    }
    DampingUpdate update = updateDamping(stated, history, received);
    return Json{{"damping_factor", update.damping_factor}, {"over_allocation_history", update.over_allocation_history}}
        .dump();
  });
}

int compareVectorClocksJs(std::string a, std::string b) {
  return guarded([&] { return compareVectorClocks(parse(a, "a"), parse(b, "b")); });
}

std::string mergeVectorClocksJs(std::string a, std::string b) {
  return guarded([&] { return mergeVectorClocks(parse(a, "a"), parse(b, "b")).dump(); });
}

std::string incrementVectorClockJs(std::string clock, std::string self) {
  return guarded([&] { return incrementVectorClock(parse(clock, "clock"), self).dump(); });
}

bool shouldAdvanceRoundJs(std::string me, double myRound, std::string roundStates, std::string commitments,
                          double now) {
  return guarded([&] {
    return shouldAdvanceRound(me, myRound, parse(roundStates, "roundStates"), parse(commitments, "commitments"),
                              now);
  });
}

std::string causallyConsistentJs(std::string myClock, std::string commitments) {
  return guarded([&] {
    return causallyConsistentCommitments(parse(myClock, "myClock"), parse(commitments, "commitments")).dump();
  });
}

// ---- flat buffers ----

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

// Input f64: mrValues pairs (recipient, value) × mrCount, weights pairs ×
// weightCount, recipients (flat::RecipientField) × recipientCount. The
// filter is JSON ("null" when none); with required attributes, input u32
// holds them interned (see applyInternedFilter). Output f64: a two-tier
// outcome (flat::appendTwoTierOutcome).
// Input u32 for a filter with required attributes: keyCount, then for each
// key its accepted value ids (count, ids…), then for each recipient and key
// the ids it has (count, ids…; count flat::kAbsentAttribute when it lacks
// the attribute).

void applyInternedFilter(const Json& filter, std::vector<RecipientState>& recipients) {
  const auto& in = flatBuffers().in_u32;
  size_t at = 0;
  auto next = [&]() {
    if (at >= in.size()) throwRangeError("attributes", "stream ended early");
    return in[at++];
  };
  auto set = [&](uint32_t count) {
    if (count > in.size() - at) throwRangeError("attributes", "stream ended early");
    std::span<const uint32_t> ids(in.data() + at, count);
    at += count;
    return ids;
  };
  InternedFilter interned{isAnyPredicate(filter), {}};
  uint32_t keys = next();
  if (keys != filter.at("required_attributes").size()) throwRangeError("attributes", "do not match the filter's keys");
  for (uint32_t k = 0; k < keys; ++k) {
    auto ids = set(next());
    interned.required.emplace_back(ids.begin(), ids.end());
  }
  std::vector<std::optional<std::span<const uint32_t>>> have(keys);
  for (auto& recipient : recipients) {
    for (uint32_t k = 0; k < keys; ++k) {
      uint32_t count = next();
      have[k] = count == flat::kAbsentAttribute ? std::nullopt : std::optional(set(count));
    }
    if (recipient.has_commitment) recipient.passes_filter = passesInternedFilter(interned, have);
  }
}

size_t computeTwoTierJs(double capacity, double mrCountJs, double weightCountJs, double recipientCountJs, std::string filterText) {
  return guarded([&]() -> size_t {
    auto& b = flatBuffers();
    size_t mrCount = countFromJs(mrCountJs, "mrCount"), weightCount = countFromJs(weightCountJs, "weightCount");
    size_t recipientCount = countFromJs(recipientCountJs, "recipientCount");
    using namespace ms::allocation::flat;
    const double* in = checkedInputF64(0, double(kShareStride) * (mrCount + weightCount) + double(kRecipientStride) * recipientCount, "two-tier input").data();
    auto pairs = [&](const double* at, size_t count) {
      std::vector<Share> shares(count);
      for (size_t i = 0; i < count; ++i, at += kShareStride) shares[i] = {static_cast<uint32_t>(countFromJs(at[0], "recipient", recipientCount)), at[1]};
      return shares;
    };
    std::vector<Share> mr = pairs(in, mrCount);
    std::vector<Share> weights = pairs(in + kShareStride * mrCount, weightCount);
    const double* rs = in + kShareStride * (mrCount + weightCount);
    std::vector<RecipientState> recipients(recipientCount);
    for (size_t i = 0; i < recipientCount; ++i, rs += kRecipientStride) {
      recipients[i] = {rs[kResidualNeed], rs[kDampingFactor], rs[kHasCommitment] != 0, true};
    }
    Json filter = parse(filterText, "filter");
    validateFilter(filter);
    if (!filter.is_null() && filter.contains("required_attributes") && !filter.at("required_attributes").is_null()) {
      applyInternedFilter(filter, recipients);
    }
    auto& out = b.out_f64;
    out.clear();
    appendTwoTierOutcome(allocateTwoTier(capacity, mr, weights, recipients), out);
    return out.size();
  });
}

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

EMSCRIPTEN_BINDINGS(mutual_store) {
  using emscripten::function;
  function("mutualRecognition", &mutualRecognitionJs);
  function("allMutualRecognition", &allMutualRecognitionJs);
  function("passesFilter", &passesFilterJs);
  function("dampingFactor", &dampingFactorJs);
  function("updateDamping", &updateDampingJs);
  function("compareVectorClocks", &compareVectorClocksJs);
  function("mergeVectorClocks", &mergeVectorClocksJs);
  function("incrementVectorClock", &incrementVectorClockJs);
  function("shouldAdvanceRound", &shouldAdvanceRoundJs);
  function("causallyConsistentCommitments", &causallyConsistentJs);
  function("reserveInput", &reserveInput);
  function("inputU32", &inputU32);
  function("reserveInputU32", &reserveInputU32);
  function("outputF64", &outputF64);
  function("outputU32", &outputU32);
  function("computeTwoTier", &computeTwoTierJs);
  function("generateNetwork", &generateNetworkJs);
  function("simulate", &simulateJs);
}
