#pragma once
// The allocation loop's round, owned by the core: it takes my commitment as
// the app sets it, reads what the live network holds of the others, and
// says which documents to publish (commitment, allocation state, round
// state). The JS loop only schedules tick()/step() and moves the documents
// between the stores and here.
//
// Two rules (convergence.md; allocation.md):
//  - water-filling (the default): on every step, as a provider I offer
//    (tier, weight, amount) from the recipients' last answers, and publish
//    as allocations what moves: min(offer, their acceptance); as a
//    recipient I answer the offers with mu1, mu2, budget2 and my
//    acceptances (residual_need = stated − accepted). A document goes out
//    only when it says something new, and each step that publishes
//    something starts a new round. Settled: a whole tick without change.
//  - seed: as a provider the seed's two-tier split on every step; rounds
//    advance when at least half of the active others are ahead, or after
//    roundMs; on each new round, as a recipient, residual need moves towards
//    max(0, stated − received) by `relaxation` and damping is updated.
//    Settled: every denominator moved by < kConvergenceEpsilon.
// Either way a commitment older than half the stale threshold goes out
// again with a fresh timestamp. My round state goes out on the tick when
// its round or `settled` differs from the last one sent, and again once
// that one is older than half the stale threshold: every tick re-sending
// an unchanged state costs each follower a signed write to verify and
// merge, a load that grows with the network and not with what changes.
#include <string>

#include "allocation/live_network.h"
#include "common/json.h"

namespace ms::allocation {

enum class LoopRule { Seed, WaterFilling };

struct LoopSettings {
  LoopRule rule = LoopRule::WaterFilling;
  std::string capacity_id = "default";
  double round_ms = 10000;  // seed: a round lasting this long ends on its own (+infinity: only follow the others)
  double relaxation = 1;    // seed: in (0, 1]
};

// "water-filling" or "seed"; InputError otherwise.
LoopRule readLoopRule(const std::string& name);

// Null members: nothing new to publish.
struct Publication {
  Json commitment;
  Json allocation_state;
  Json round_state;
  bool advanced = false;  // a new round began
};

class LiveRound {
 public:
  // Throws InputError for bad settings or `now`.
  LiveRound(LiveNetwork& network, LoopSettings settings, double now);
  ~LiveRound();
  LiveRound(const LiveRound&) = delete;
  LiveRound& operator=(const LiveRound&) = delete;

  // My commitment as the store holds it (the loop's own publications come
  // back here too); null removes it. Validated before anything changes.
  void setMyCommitment(const Json& commitment);

  // The timer: round advancement (seed), refresh, a step, my round state (when new).
  Publication tick(double now);
  // An input changed: what I publish is worked out again.
  Publication step(double now);
  // Moves to the next round now (as if the round time had run out).
  Publication advance(double now);

  double round() const { return round_; }
  bool settled() const { return settled_; }
  // What the loop reports: {round, settled, networkSettled, received,
  // residualNeed, capacity, given, idle, idleReason}; idleReason is "" when
  // nothing is idle, else "all needs met", "no one else recognised" or
  // "waiting for answers" (water-filling), why capacity is left over.
  Json status(double now) const;

 private:
  void publishCommitment(Json commitment, Publication& out);
  void stepSeed(double now, Publication& out);
  void stepWaterFilling(double now, Publication& out);
  void refresh(double now, Publication& out);
  void gossipRoundState(double now, Publication& out);
  double capacity() const;
  Json filter() const;

  LiveNetwork& network_;
  LoopSettings settings_;
  double round_ = 0;
  double round_started_at_;
  Json mine_;              // my commitment as last set or published (null: none)
  Json published_state_;   // my last allocation state (null: none yet)
  bool settled_ = false;
  bool changed_since_tick_ = false;
  OfferRound last_offers_{0, 0, {}};
  Json gossiped_ = nullptr;  // {round, settled} of my last round state sent (null: none yet)
  double gossiped_at_ = 0;
};

}  // namespace ms::allocation
