#include "allocation/live_round.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "allocation/constants.h"
#include "allocation/convergence.h"
#include "allocation/damping.h"
#include "allocation/document_change.h"
#include "allocation/residual_need.h"
#include "common/input_error.h"
#include "common/number_checks.h"

namespace ms::allocation {

namespace {
// Water-filling documents that differ by less than this (relative) say the
// same thing: rounding noise is not worth a signed write to everyone.
constexpr double kSameWithin = 1e-9;

void requireTime(double now) {
  if (!std::isfinite(now)) throwRangeError("now", "must be a finite number of milliseconds (got " + describeNumber(now) + ")");
}

// A later publication in the same call replaces an earlier one.
void take(Publication& into, Publication from) {
  if (!from.commitment.is_null()) into.commitment = std::move(from.commitment);
  if (!from.allocation_state.is_null()) into.allocation_state = std::move(from.allocation_state);
  into.advanced = into.advanced || from.advanced;
}
}  // namespace

LoopRule readLoopRule(const std::string& name) {
  if (name == "water-filling") return LoopRule::WaterFilling;
  if (name == "seed") return LoopRule::Seed;
  throwRangeError("rule", "must be 'water-filling' or 'seed' (got \"" + name + "\")");
}

LiveRound::LiveRound(LiveNetwork& network, LoopSettings settings, double now)
    : network_(network), settings_(std::move(settings)), round_started_at_(now) {
  if (settings_.capacity_id.empty()) throwTypeError("capacityId", "must be a non-empty string");
  if (!(settings_.round_ms > 0)) throwRangeError("roundMs", "must be > 0 (Infinity: only follow the others)");
  if (!(settings_.relaxation > 0 && settings_.relaxation <= 1)) throwRangeError("relaxation", "must be in (0, 1]");
  requireTime(now);
  // Water-filling: I count of each provider only what I accept of it.
  network_.countOnlyAccepted(settings_.rule == LoopRule::WaterFilling);
}

LiveRound::~LiveRound() { network_.countOnlyAccepted(false); }

void LiveRound::setMyCommitment(const Json& commitment) {
  if (commitment.is_null()) {
    network_.removeCommitment(network_.myPub());
    mine_ = nullptr;
    return;
  }
  network_.setMyCommitment(commitment);  // validates first
  mine_ = commitment;
}

double LiveRound::capacity() const { return mine_.is_object() ? mine_.value("capacity", 0.0) : 0.0; }

Json LiveRound::filter() const {
  if (!mine_.is_object()) return nullptr;
  auto filters = mine_.find("capacity_filters");
  if (filters == mine_.end()) return nullptr;
  auto it = filters->find(settings_.capacity_id);
  return it == filters->end() ? Json() : *it;
}

void LiveRound::publishCommitment(Json commitment, Publication& out) {
  network_.setMyCommitment(commitment);
  mine_ = commitment;
  out.commitment = std::move(commitment);
}

// ---- seed ----

void LiveRound::stepSeed(double now, Publication& out) {
  const double c = capacity();
  if (!(c > 0) && published_state_.is_null()) return;
  Json state = network_.allocate(settings_.capacity_id, c, filter(), now);
  settled_ = !published_state_.is_null() && denominatorsConverged(published_state_, state);
  if (!published_state_.is_null() && sameContent(published_state_, state, 0, {"timestamp"})) return;
  network_.setAllocationState(network_.myPub(), state);  // what I give myself is received too
  published_state_ = state;
  out.allocation_state = std::move(state);
}

Publication LiveRound::advance(double now) {
  requireTime(now);
  Publication out;
  round_ += 1;
  round_started_at_ = now;
  out.advanced = true;
  if (settings_.rule == LoopRule::WaterFilling) {
    take(out, step(now));
    return out;
  }
  if (!mine_.is_object()) return out;
  // The seed's update (residual_need.h), then damping.
  const double received = network_.received(now).total;
  const double stated = mine_.at("stated_need").get<double>();
  const double residual = mine_.at("residual_need").get<double>();
  std::vector<double> history;
  if (auto h = mine_.find("over_allocation_history"); h != mine_.end()) history = h->get<std::vector<double>>();
  const DampingUpdate damping = updateDamping(stated, history, received);
  Json next = mine_;
  next["residual_need"] = nextResidualNeed(residual, stated, received, settings_.relaxation);
  next["over_allocation_history"] = damping.over_allocation_history;
  next["damping_factor"] = damping.damping_factor;
  next["round"] = round_;
  next["vectorClock"] = network_.vectorClock();
  next["timestamp"] = now;
  publishCommitment(std::move(next), out);
  return out;
}

// ---- water-filling ----

void LiveRound::stepWaterFilling(double now, Publication& out) {
  bool changed = false;
  const double c = capacity();
  if (c > 0 || !published_state_.is_null()) {
    last_offers_ = network_.offerRound(c, filter(), now);
    Json state = network_.offerState(settings_.capacity_id, last_offers_, now);
    if (published_state_.is_null() || !sameContent(published_state_, state, kSameWithin, {"timestamp"})) {
      network_.setAllocationState(network_.myPub(), state);
      published_state_ = state;
      out.allocation_state = std::move(state);
      changed = true;
    }
  }
  if (mine_.is_object()) {
    const double stated = mine_.at("stated_need").get<double>();
    const AnswerRound answer = network_.answerRound(settings_.capacity_id, stated, now);
    Json next = mine_;
    for (const char* key : {"mu1", "mu2", "budget2", "acceptances"}) next.erase(key);
    if (std::isfinite(answer.mu1)) next["mu1"] = answer.mu1;
    if (std::isfinite(answer.mu2)) next["mu2"] = answer.mu2;
    next["budget2"] = answer.budget2;
    Json acceptances = Json::object();
    for (const AcceptanceMade& a : answer.acceptances) {
      acceptances[a.provider] = {{"mutual", a.mutual}, {"nonMutual", a.non_mutual}};
    }
    next["acceptances"] = std::move(acceptances);
    next["residual_need"] = std::max(0.0, stated - answer.accepted);
    if (!sameContent(mine_, next, kSameWithin, {"timestamp", "round"})) {
      next["round"] = round_ + 1;
      next["timestamp"] = now;
      publishCommitment(std::move(next), out);
      changed = true;
    }
  }
  if (changed) {
    round_ += 1;
    out.advanced = true;
    changed_since_tick_ = true;
    settled_ = false;
  }
}

// ---- both ----

Publication LiveRound::step(double now) {
  requireTime(now);
  Publication out;
  if (settings_.rule == LoopRule::Seed) {
    stepSeed(now, out);
  } else {
    stepWaterFilling(now, out);
  }
  return out;
}

void LiveRound::refresh(double now, Publication& out) {
  if (!mine_.is_object() || !(now - mine_.at("timestamp").get<double>() > kStaleThresholdMs / 2)) return;
  Json again = mine_;
  again["timestamp"] = now;
  publishCommitment(std::move(again), out);
}

Publication LiveRound::tick(double now) {
  requireTime(now);
  Publication out;
  const bool roundOver = now - round_started_at_ >= settings_.round_ms;
  if (settings_.rule == LoopRule::Seed && (network_.shouldAdvanceRound(round_, now) || roundOver)) {
    take(out, advance(now));
  } else {
    refresh(now, out);
  }
  take(out, step(now));
  if (settings_.rule == LoopRule::WaterFilling) {
    settled_ = !changed_since_tick_;
    changed_since_tick_ = false;
  }
  gossipRoundState(now, out);
  return out;
}

void LiveRound::gossipRoundState(double now, Publication& out) {
  Json said = {{"round", round_}, {"settled", settled_}};
  if (said == gossiped_ && !(now - gossiped_at_ > kStaleThresholdMs / 2)) return;
  network_.tickClock();
  out.round_state = {{"pubKey", network_.myPub()},
                     {"round", round_},
                     {"vectorClock", network_.vectorClock()},
                     {"timestamp", now},
                     {"settled", settled_}};
  gossiped_ = std::move(said);
  gossiped_at_ = now;
}

Json LiveRound::status(double now) const {
  requireTime(now);
  const double c = capacity();
  double given = 0;
  if (published_state_.is_object()) {
    for (const char* tier : {"mutualAllocations", "nonMutualAllocations"}) {
      for (const auto& [id, recipients] : published_state_.at(tier).items()) {
        for (const auto& [pub, amount] : recipients.items()) given += amount.get<double>();
      }
    }
  }
  const double idle = std::max(0.0, c - given);
  std::string reason;
  if (idle > kConvergenceEpsilon) {
    if (settings_.rule == LoopRule::Seed) {
      reason = "";
    } else {
      bool others = false;
      double offered = 0;
      for (const OfferMade& offer : last_offers_.offers) {
        offered += offer.amount;
        others = true;
      }
      if (!others) {
        reason = "no one else recognised";
      } else if (c - offered > kConvergenceEpsilon) {
        reason = "all needs met";
      } else {
        reason = "waiting for answers";
      }
    }
  }
  return {{"round", round_},
          {"settled", settled_},
          {"networkSettled", settled_ && network_.othersSettled(now)},
          {"received", network_.received(now).total},
          {"residualNeed", mine_.is_object() ? mine_.at("residual_need").get<double>() : 0.0},
          {"capacity", c},
          {"given", given},
          {"idle", idle},
          {"idleReason", reason}};
}

}  // namespace ms::allocation
