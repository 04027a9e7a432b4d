#pragma once
// The water-filling rule's view of a network: one edge per provider ->
// recipient pair that can carry anything. Mutual edges (tier 1) weigh
// MR(P, R); one-way edges (tier 2) weigh w_P[R]. Edges are grouped by
// provider, each provider's tier-1 edges first; a second index groups them
// by recipient, tier 1 first.
#include <cstdint>
#include <vector>

#include "allocation/network.h"
#include "common/json.h"

namespace ms::allocation {

// Optional capacity filters: filter[i] is participant i's CapacityFilter
// (null: none), attributes[i] its attributes (null: none). Empty vectors
// mean no filters at all.
struct EdgeFilters {
  std::vector<Json> filter;
  std::vector<Json> attributes;
};

struct EdgeProblem {
  uint32_t n = 0;
  std::vector<double> capacity;
  std::vector<double> need;
  // By provider: edges [provider_start[p], provider_start[p + 1]), tier 2
  // from provider_split[p].
  std::vector<uint32_t> provider_start{0};
  std::vector<uint32_t> provider_split;
  // Per edge.
  std::vector<uint32_t> provider;
  std::vector<uint32_t> recipient;
  std::vector<uint8_t> tier;  // 1 or 2
  std::vector<double> weight;
  // By recipient: recipient_edges[recipient_start[r] .. recipient_start[r + 1]),
  // tier 2 from recipient_split[r].
  std::vector<uint32_t> recipient_start;
  std::vector<uint32_t> recipient_split;
  std::vector<uint32_t> recipient_edges;

  uint32_t edges() const { return static_cast<uint32_t>(weight.size()); }
};

// Edges from every provider with capacity > 0 to every recipient it
// recognises (w > 0) that states a need > 0 and passes its filter. MR as the
// seed computes it: min(w_P[R], w_R[P]), and w_P[P] for self-recognition; a
// recipient listed twice in a row counts once (its first weight). Throws
// InputError for an invalid network or filter, or amounts too large to add up.
EdgeProblem buildEdgeProblem(const Network& network, const EdgeFilters& filters = {});

// Edge problem from explicit edges (provider, recipient, tier, weight > 0),
// for tests of the rule on hand-made shapes. Edges may come in any order.
struct Edge {
  uint32_t provider;
  uint32_t recipient;
  uint8_t tier;
  double weight;
};
EdgeProblem makeEdgeProblem(std::vector<double> capacity, std::vector<double> need, std::vector<Edge> edges);

}  // namespace ms::allocation
