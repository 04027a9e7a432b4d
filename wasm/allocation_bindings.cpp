// embind bindings for the allocation rules (core/allocation/): small
// documents cross as JSON text; the two-tier allocation's inputs cross as
// flat arrays (flat_buffers.h) in the layouts of core/allocation/
// flat_layout.h, which js/allocation-engine.js reads through
// js/generated/boundary.js.
#include <emscripten/bind.h>

#include <optional>
#include <span>
#include <string>

#include "allocation/damping.h"
#include "allocation/filter.h"
#include "allocation/flat_layout.h"
#include "allocation/mutual_recognition.h"
#include "allocation/rounds.h"
#include "allocation/two_tier.h"
#include "allocation/vector_clock.h"
#include "checked_input.h"
#include "common/json_fields.h"
#include "json_input.h"
#include "flat_buffers.h"
#include "js_errors.h"

using namespace ms;
using namespace ms::allocation;
using ms::wasm::checkedInputF64;
using ms::wasm::countFromJs;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;
using ms::wasm::parseOrThrow;

namespace {

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
    return mutualRecognition(me, them, parseOrThrow(mine, "myWeights"), parseOrThrow(theirs, "theirWeights"));
  });
}

std::string allMutualRecognitionJs(std::string me, std::string mine, std::string network) {
  return guarded([&] {
    return allMutualRecognition(me, parseOrThrow(mine, "myWeights"), parseOrThrow(network, "networkWeights")).dump();
  });
}

bool passesFilterJs(std::string attributes, std::string filter) {
  return guarded([&] { return passesFilter(parseOrThrow(attributes, "attributes"), parseOrThrow(filter, "filter")); });
}

double dampingFactorJs(std::string history) {
  return guarded([&] { return dampingFactor(readHistory(parseOrThrow(history, "history"), "history")); });
}

std::string updateDampingJs(std::string commitment, double totalReceived) {
  return guarded([&] {
    Json c = readObject(parseOrThrow(commitment, "commitment"), "commitment");
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
  return guarded([&] { return compareVectorClocks(parseOrThrow(a, "a"), parseOrThrow(b, "b")); });
}

std::string mergeVectorClocksJs(std::string a, std::string b) {
  return guarded([&] { return mergeVectorClocks(parseOrThrow(a, "a"), parseOrThrow(b, "b")).dump(); });
}

std::string incrementVectorClockJs(std::string clock, std::string self) {
  return guarded([&] { return incrementVectorClock(parseOrThrow(clock, "clock"), self).dump(); });
}

bool shouldAdvanceRoundJs(std::string me, double myRound, std::string roundStates, std::string commitments,
                          double now) {
  return guarded([&] {
    return shouldAdvanceRound(me, myRound, parseOrThrow(roundStates, "roundStates"), parseOrThrow(commitments, "commitments"),
                              now);
  });
}

std::string causallyConsistentJs(std::string myClock, std::string commitments) {
  return guarded([&] {
    return causallyConsistentCommitments(parseOrThrow(myClock, "myClock"), parseOrThrow(commitments, "commitments")).dump();
  });
}

// ---- the two-tier allocation, through the flat buffers ----

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
    Json filter = parseOrThrow(filterText, "filter");
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

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_allocation) {
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
  function("computeTwoTier", &computeTwoTierJs);
}
