#pragma once
// Round coordination (spec: allocation.md, "Rounds, vector clocks, coordination").
#include <string>

#include "common/json.h"

namespace ms::allocation {

// Whether `me`, on round `myRound`, should advance: at least half of the
// other active participants (a fresh commitment, freshness.h) are on a
// later round. `roundStates` and
// `commitments` map pubKey -> RoundState / Commitment. No active others: no.
bool shouldAdvanceRound(const std::string& me, double myRound, const Json& roundStates, const Json& commitments,
                        double nowMs);

// The commitments (pubKey -> Commitment) whose vectorClock is not after
// `myClock`; a commitment without a clock is kept. Key order preserved.
Json causallyConsistentCommitments(const Json& myClock, const Json& commitments);

}  // namespace ms::allocation
