#include "allocation/edge_problem.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "allocation/filter.h"
#include "allocation/mutual_recognition.h"
#include "common/input_error.h"

namespace ms::allocation {

namespace {

double weightGiven(const Network& net, uint32_t from, uint32_t to) {
  for (uint32_t e = net.weight_start[from]; e < net.weight_start[from + 1]; ++e) {
    if (net.weight_to[e] == to) return net.weight[e];
  }
  return 0;
}

// Fills the by-recipient index of a problem whose by-provider arrays are set.
void indexByRecipient(EdgeProblem& pb) {
  const uint32_t n = pb.n;
  const uint32_t m = pb.edges();
  pb.recipient_start.assign(size_t(n) + 1, 0);
  std::vector<uint32_t> tier1Count(n, 0);
  for (uint32_t e = 0; e < m; ++e) {
    pb.recipient_start[pb.recipient[e] + 1]++;
    if (pb.tier[e] == 1) tier1Count[pb.recipient[e]]++;
  }
  for (uint32_t r = 0; r < n; ++r) pb.recipient_start[r + 1] += pb.recipient_start[r];
  pb.recipient_split.resize(n);
  std::vector<uint32_t> next1(n), next2(n);
  for (uint32_t r = 0; r < n; ++r) {
    next1[r] = pb.recipient_start[r];
    next2[r] = pb.recipient_split[r] = pb.recipient_start[r] + tier1Count[r];
  }
  pb.recipient_edges.resize(m);
  for (uint32_t e = 0; e < m; ++e) {
    const uint32_t r = pb.recipient[e];
    pb.recipient_edges[pb.tier[e] == 1 ? next1[r]++ : next2[r]++] = e;
  }
}

void requireSummable(const std::vector<double>& amounts, const char* field) {
  double sum = 0;
  for (double a : amounts) sum += a;
  if (!std::isfinite(sum)) throwRangeError(field, "are too large to add up");
}

}  // namespace

EdgeProblem buildEdgeProblem(const Network& net, const EdgeFilters& filters) {
  validateNetwork(net);
  const uint32_t n = net.size();
  const bool filtered = !filters.filter.empty();
  if (filtered && (filters.filter.size() != n || filters.attributes.size() != n)) {
    throwRangeError("filters", "must list every participant");
  }
  for (uint32_t i = 0; filtered && i < n; ++i) {
    try {
      validateFilter(filters.filter[i]);
    } catch (const InputError& error) {
      throw InputError(error.kind(), "participants[#" + std::to_string(i) + "]." + error.field(),
                       std::string(error.what()).substr(error.field().size() + 1));
    }
  }
  EdgeProblem pb;
  pb.n = n;
  pb.capacity = net.capacity;
  pb.need = net.stated_need;
  requireSummable(pb.capacity, "capacities");
  requireSummable(pb.need, "stated needs");
  pb.provider_split.resize(n);
  std::vector<uint32_t> seenBy(n, UINT32_MAX);  // the provider that last listed each recipient
  std::vector<std::pair<uint32_t, double>> oneWay;
  for (uint32_t p = 0; p < n; ++p) {
    oneWay.clear();
    if (net.capacity[p] > 0) {
      for (uint32_t k = net.weight_start[p]; k < net.weight_start[p + 1]; ++k) {
        const uint32_t r = net.weight_to[k];
        const double w = net.weight[k];
        if (seenBy[r] == p) continue;
        seenBy[r] = p;
        if (!(w > 0) || !(net.stated_need[r] > 0)) continue;
        if (filtered && !filters.filter[p].is_null() && !passesFilter(filters.attributes[r], filters.filter[p])) continue;
        const double mr = mutualRecognitionOf(w, r == p ? 0 : weightGiven(net, r, p), r == p);
        if (mr > 0) {
          pb.provider.push_back(p);
          pb.recipient.push_back(r);
          pb.tier.push_back(1);
          pb.weight.push_back(mr);
        } else {
          oneWay.emplace_back(r, w);
        }
      }
    }
    pb.provider_split[p] = pb.edges();
    for (const auto& [r, w] : oneWay) {
      pb.provider.push_back(p);
      pb.recipient.push_back(r);
      pb.tier.push_back(2);
      pb.weight.push_back(w);
    }
    pb.provider_start.push_back(pb.edges());
  }
  indexByRecipient(pb);
  return pb;
}

EdgeProblem makeEdgeProblem(std::vector<double> capacity, std::vector<double> need, std::vector<Edge> edges) {
  const uint32_t n = static_cast<uint32_t>(capacity.size());
  if (need.size() != n) throwRangeError("need", "must list every participant");
  for (uint32_t i = 0; i < n; ++i) {
    if (!(capacity[i] >= 0) || !(need[i] >= 0) || !std::isfinite(capacity[i]) || !std::isfinite(need[i])) {
      throwRangeError("capacity and need", "must be finite numbers >= 0");
    }
  }
  for (const Edge& e : edges) {
    if (e.provider >= n || e.recipient >= n || (e.tier != 1 && e.tier != 2) || !(e.weight > 0) ||
        !std::isfinite(e.weight)) {
      throwRangeError("edges", "must join known participants, in tier 1 or 2, with a finite weight > 0");
    }
  }
  std::stable_sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    return a.provider != b.provider ? a.provider < b.provider : a.tier < b.tier;
  });
  EdgeProblem pb;
  pb.n = n;
  pb.capacity = std::move(capacity);
  pb.need = std::move(need);
  pb.provider_split.resize(n);
  size_t k = 0;
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t start = pb.edges();
    uint32_t tier1 = 0;
    for (; k < edges.size() && edges[k].provider == p; ++k) {
      pb.provider.push_back(p);
      pb.recipient.push_back(edges[k].recipient);
      pb.tier.push_back(edges[k].tier);
      pb.weight.push_back(edges[k].weight);
      if (edges[k].tier == 1) ++tier1;
    }
    pb.provider_split[p] = start + tier1;
    pb.provider_start.push_back(pb.edges());
  }
  indexByRecipient(pb);
  return pb;
}

}  // namespace ms::allocation
