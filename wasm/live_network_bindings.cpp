// embind bindings for the live network (core/allocation/live_network.h):
// conversions only. Each network lives in a table by handle; single
// participants' documents cross as JSON text ("null" removes), and an
// allocation comes back through the flat f64 output buffer:
//   [mutualDenominator, nonMutualDenominator, mutualCount, nonMutualCount,
//    then (position in my weights' keys, amount) pairs, mutual first].
#include <emscripten/bind.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "allocation/convergence.h"
#include "allocation/flat_layout.h"
#include "allocation/freshness.h"
#include "allocation/live_network.h"
#include "allocation/live_round.h"
#include "common/input_error.h"
#include "flat_buffers.h"
#include "handle_table.h"
#include "js_errors.h"
#include "json_input.h"

using ms::Json;
using ms::allocation::LiveNetwork;
using ms::allocation::LiveRound;
using ms::wasm::guarded;
using ms::wasm::parseOrThrow;

namespace {

// A network, and the loop's round while one runs on it.
struct Entry {
  explicit Entry(std::string myPub) : network(std::move(myPub)) {}
  LiveNetwork network;
  std::optional<LiveRound> round;
};

ms::wasm::HandleTable<Entry>& networks() {
  static ms::wasm::HandleTable<Entry> table("this live network has been destroyed");
  return table;
}

Entry& entryAt(int handle) { return networks().at(handle); }

LiveNetwork& networkAt(int handle) { return entryAt(handle).network; }

LiveRound& roundAt(int handle) {
  Entry& entry = entryAt(handle);
  if (!entry.round) throw std::runtime_error("no allocation round runs on this live network");
  return *entry.round;
}

int liveNetworkCreate(std::string myPub) {
  return guarded([&] {
    return networks().add(std::make_unique<Entry>(myPub));
  });
}

void liveNetworkDestroy(int handle) { networks().erase(handle); }

// One setter shape for every kind of document: "null" removes it.
template <auto Set, auto Remove>
void update(int handle, std::string pub, std::string text, const char* field) {
  guarded([&] {
    LiveNetwork& live = networkAt(handle);
    Json document = parseOrThrow(text, field);
    if (document.is_null()) {
      (live.*Remove)(pub);
    } else {
      (live.*Set)(pub, document);
    }
    return 0;
  });
}

// My commitment goes to the loop's round while one runs (it republishes it).
void setCommitmentJs(int h, std::string pub, std::string text) {
  guarded([&] {
    Entry& entry = entryAt(h);
    Json document = parseOrThrow(text, "commitment");
    if (entry.round && pub == entry.network.myPub()) {
      entry.round->setMyCommitment(document);
    } else if (document.is_null()) {
      entry.network.removeCommitment(pub);
    } else {
      entry.network.setCommitment(pub, document);
    }
    return 0;
  });
}
void setRecognitionWeightsJs(int h, std::string pub, std::string text) {
  update<&LiveNetwork::setRecognitionWeights, &LiveNetwork::removeRecognitionWeights>(h, pub, text, "weights");
}
void setAllocationStateJs(int h, std::string pub, std::string text) {
  update<&LiveNetwork::setAllocationState, &LiveNetwork::removeAllocationState>(h, pub, text, "allocationState");
}
void setRoundStateJs(int h, std::string pub, std::string text) {
  update<&LiveNetwork::setRoundState, &LiveNetwork::removeRoundState>(h, pub, text, "roundState");
}

void forgetJs(int handle, std::string pub) {
  guarded([&] {
    networkAt(handle).forget(pub);
    return 0;
  });
}

size_t allocateJs(int handle, double capacity, std::string filterText, double now) {
  return guarded([&]() -> size_t {
    auto& out = ms::wasm::flatBuffers().out_f64;
    out.clear();
    ms::allocation::flat::appendTwoTierOutcome(networkAt(handle).allocateOutcome(capacity, parseOrThrow(filterText, "filter"), now), out);
    return out.size();
  });
}

// {"total", "mutual", "nonMutual", "byProvider": [[pub, mutual, nonMutual], …]}
std::string receivedJs(int handle, double now) {
  return guarded([&] {
    auto r = networkAt(handle).received(now);
    Json byProvider = Json::array();
    for (const auto& p : r.by_provider) byProvider.push_back(Json::array({p.provider, p.mutual, p.non_mutual}));
    return Json{{"total", r.total}, {"mutual", r.mutual}, {"nonMutual", r.non_mutual}, {"byProvider", byProvider}}
        .dump();
  });
}

std::string groupsJs(int handle) {
  return guarded([&] {
    auto g = networkAt(handle).groups();
    return Json{{"mutual", g.mutual},
                {"beneficiaries", g.beneficiaries},
                {"providers", g.providers},
                {"coordinators", g.coordinators}}
        .dump();
  });
}

std::string mutualRecognitionJs(int handle) {
  return guarded([&] { return networkAt(handle).mutualRecognition().dump(); });
}

bool shouldAdvanceRoundJs(int handle, double myRound, double now) {
  return guarded([&] { return networkAt(handle).shouldAdvanceRound(myRound, now); });
}

// ---- the loop's round ----

void startRoundJs(int handle, std::string rule, std::string capacityId, double roundMs, double relaxation, double now) {
  guarded([&] {
    Entry& entry = entryAt(handle);
    if (entry.round) throw std::runtime_error("an allocation round already runs on this live network");
    ms::allocation::LoopSettings settings{ms::allocation::readLoopRule(rule), capacityId, roundMs, relaxation};
    entry.round.emplace(entry.network, std::move(settings), now);
    return 0;
  });
}

void stopRoundJs(int handle) {
  if (Entry* entry = networks().find(handle)) entry->round.reset();
}

// {"commitment", "allocationState", "roundState" (null: nothing new), "advanced", "status"}
std::string publication(LiveRound& round, ms::allocation::Publication out, double now) {
  return Json{{"commitment", std::move(out.commitment)},
              {"allocationState", std::move(out.allocation_state)},
              {"roundState", std::move(out.round_state)},
              {"advanced", out.advanced},
              {"status", round.status(now)}}
      .dump();
}

std::string tickJs(int handle, double now) {
  return guarded([&] { return publication(roundAt(handle), roundAt(handle).tick(now), now); });
}
std::string stepJs(int handle, double now) {
  return guarded([&] { return publication(roundAt(handle), roundAt(handle).step(now), now); });
}
std::string advanceJs(int handle, double now) {
  return guarded([&] { return publication(roundAt(handle), roundAt(handle).advance(now), now); });
}
std::string roundStatusJs(int handle, double now) {
  return guarded([&] { return roundAt(handle).status(now).dump(); });
}

bool isFreshJs(double timestamp, double now) { return ms::allocation::isFresh(timestamp, now); }

bool denominatorsConvergedJs(std::string previous, std::string current) {
  return guarded([&] {
    return ms::allocation::denominatorsConverged(parseOrThrow(previous, "previous"), parseOrThrow(current, "current"));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_live_network) {
  using emscripten::function;
  function("liveNetworkCreate", &liveNetworkCreate);
  function("liveNetworkDestroy", &liveNetworkDestroy);
  function("liveNetworkSetCommitment", &setCommitmentJs);
  function("liveNetworkSetRecognitionWeights", &setRecognitionWeightsJs);
  function("liveNetworkSetAllocationState", &setAllocationStateJs);
  function("liveNetworkSetRoundState", &setRoundStateJs);
  function("liveNetworkForget", &forgetJs);
  function("liveNetworkAllocate", &allocateJs);
  function("liveNetworkReceived", &receivedJs);
  function("liveNetworkGroups", &groupsJs);
  function("liveNetworkMutualRecognition", &mutualRecognitionJs);
  function("liveNetworkShouldAdvanceRound", &shouldAdvanceRoundJs);
  function("allocationDenominatorsConverged", &denominatorsConvergedJs);
  function("liveNetworkStartRound", &startRoundJs);
  function("liveNetworkStopRound", &stopRoundJs);
  function("liveNetworkTick", &tickJs);
  function("liveNetworkStep", &stepJs);
  function("liveNetworkAdvance", &advanceJs);
  function("liveNetworkRoundStatus", &roundStatusJs);
  function("allocationIsFresh", &isFreshJs);
}
