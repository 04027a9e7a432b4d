#include "graph/ham.h"

#include <cmath>

#include "graph/graph_value.h"

namespace ms::graph {

Decision decide(const FieldWrite& incoming, const FieldWrite* current, double now, const HamLimits& limits) {
  if (!std::isfinite(incoming.state) || !std::isfinite(now)) return Decision::Reject;
  if (incoming.state > now + limits.deferWindowMs) return Decision::Drop;
  if (incoming.state > now + limits.toleranceMs) return Decision::Defer;
  if (!current) return Decision::Apply;
  if (incoming.state < current->state) return Decision::IgnoreOlder;
  if (incoming.state > current->state) return Decision::Apply;
  int order = compareGraphValues(incoming.value, current->value);
  if (order == 0) return Decision::IgnoreSame;
  return order > 0 ? Decision::Apply : Decision::IgnoreOlder;
}

}  // namespace ms::graph
