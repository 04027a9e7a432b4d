#include "allocation/mutual_recognition.h"

#include <algorithm>

#include "common/json_fields.h"

namespace ms::allocation {

namespace {
double weightOf(const Json& weights, const std::string& who) {
  auto it = weights.find(who);
  return it == weights.end() ? 0.0 : it->get<double>();
}

double mutualUnchecked(const std::string& me, const std::string& them, const Json& mine, const Json& theirs) {
  if (me == them) return mutualRecognitionOf(weightOf(mine, me), 0, true);
  return mutualRecognitionOf(weightOf(mine, them), weightOf(theirs, me), false);
}
}  // namespace

void validateWeights(const Json& weights, const std::string& field) {
  readObject(weights, field);
  for (const auto& [key, value] : weights.items()) readNonNegative(value, fieldPath(field, key));
}

double mutualRecognition(const std::string& me, const std::string& them, const Json& myWeights,
                         const Json& theirWeights) {
  validateWeights(myWeights, "myWeights");
  validateWeights(theirWeights, "theirWeights");
  return mutualUnchecked(me, them, myWeights, theirWeights);
}

Json allMutualRecognition(const std::string& me, const Json& myWeights, const Json& networkWeights) {
  validateWeights(myWeights, "myWeights");
  readObject(networkWeights, "networkWeights");
  for (const auto& [them, theirs] : networkWeights.items()) validateWeights(theirs, fieldPath("networkWeights", them));

  static const Json kNone = Json::object();
  Json mr = Json::object();
  for (const auto& [them, weight] : myWeights.items()) {
    if (!(weight.get<double>() > 0)) continue;
    auto theirs = networkWeights.find(them);
    mr[them] = mutualUnchecked(me, them, myWeights, theirs == networkWeights.end() ? kNone : *theirs);
  }
  for (const auto& [them, theirs] : networkWeights.items()) {
    if (them == me || mr.contains(them)) continue;
    if (weightOf(theirs, me) > 0) mr[them] = mutualUnchecked(me, them, myWeights, theirs);
  }
  return mr;
}

}  // namespace ms::allocation
