#pragma once
// Convergence of a provider (spec: allocation.md): every denominator of its
// allocation state moved by less than CONVERGENCE_EPSILON since the previous one.
#include "common/json.h"

namespace ms::allocation {

// Both are TwoTierAllocationStates (checked against the built-in schema;
// InputError names "previous" or "current"). A capacity id present in only
// one of them has not converged: its denominator appeared or vanished.
bool denominatorsConverged(const Json& previous, const Json& current);

}  // namespace ms::allocation
