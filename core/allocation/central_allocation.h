#pragma once
// The fixed point of the water-filling rule, computed directly: the
// lexicographic weighted max-min fair allocation by progressive filling.
#include <vector>

#include "allocation/edge_problem.h"

namespace ms::allocation {

// Amount per edge of `problem`. Tier 1 first: every mutual edge grows at the
// rate of its weight until its provider's capacity or its recipient's need is
// used up; then tier 2 the same way on what tier 1 left. O(E log E).
std::vector<double> centralAllocation(const EdgeProblem& problem);

}  // namespace ms::allocation
