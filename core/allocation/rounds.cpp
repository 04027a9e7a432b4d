#include "allocation/rounds.h"

#include "allocation/constants.h"
#include "allocation/freshness.h"
#include "allocation/vector_clock.h"
#include "common/json_fields.h"

namespace ms::allocation {

bool shouldAdvanceRound(const std::string& me, double myRound, const Json& roundStates, const Json& commitments,
                        double nowMs) {
  readCount(Json(myRound), "myRound");
  readFiniteNumber(Json(nowMs), "now");
  readObject(roundStates, "roundStates");
  readObject(commitments, "commitments");
  size_t active = 0;
  size_t ahead = 0;
  for (const auto& [pub, commitment] : commitments.items()) {
    if (pub == me) continue;
    const std::string field = fieldPath("commitments", pub);
    readObject(commitment, field);
    if (!commitment.contains("timestamp")) continue;
    const double timestamp = readFiniteNumber(commitment.at("timestamp"), fieldPath(field, "timestamp"));
    if (!isFresh(timestamp, nowMs)) continue;
    ++active;
    auto state = roundStates.find(pub);
    if (state == roundStates.end()) continue;
    const std::string stateField = fieldPath("roundStates", pub);
    readObject(*state, stateField);
    if (!state->contains("round")) continue;
    if (readCount(state->at("round"), fieldPath(stateField, "round")) > myRound) ++ahead;
  }
  return active > 0 && static_cast<double>(ahead) >= kRoundAdvancementThreshold * static_cast<double>(active);
}

Json causallyConsistentCommitments(const Json& myClock, const Json& commitments) {
  validateVectorClock(myClock, "myClock");
  readObject(commitments, "commitments");
  Json kept = Json::object();
  for (const auto& [pub, commitment] : commitments.items()) {
    readObject(commitment, fieldPath("commitments", pub));
    auto clock = commitment.find("vectorClock");
    if (clock != commitment.end() && !clock->is_null() && compareVectorClocks(*clock, myClock) == 1) continue;
    kept[pub] = commitment;
  }
  return kept;
}

}  // namespace ms::allocation
