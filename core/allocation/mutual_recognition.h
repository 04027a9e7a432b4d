#pragma once
// Mutual recognition: MR(P, X) = min(w_P[X], w_X[P]); MR(P, P) = w_P[P].
#include <string>

#include "common/json.h"

namespace ms::allocation {

// The formula itself, for callers that hold the two weights already:
// `myWeightTo` is my weight of them, `theirWeightToMe` theirs of me, and
// `self` says they are me (then only my own weight counts).
inline double mutualRecognitionOf(double myWeightTo, double theirWeightToMe, bool self) {
  return self ? myWeightTo : (theirWeightToMe < myWeightTo ? theirWeightToMe : myWeightTo);  // std::min's order
}

// Throws InputError unless `weights` is an object of finite numbers >= 0.
void validateWeights(const Json& weights, const std::string& field);

double mutualRecognition(const std::string& me, const std::string& them, const Json& myWeights,
                         const Json& theirWeights);

// MR for everyone `me` recognises (weight > 0), then everyone whose weights
// recognise `me`, zeros included; keys in that order.
Json allMutualRecognition(const std::string& me, const Json& myWeights, const Json& networkWeights);

}  // namespace ms::allocation
