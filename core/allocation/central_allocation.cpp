#include "allocation/central_allocation.h"

#include <algorithm>
#include <limits>
#include <queue>

namespace ms::allocation {

namespace {

// A link is a provider's capacity (index p) or a recipient's need (n + r).
// While edges grow together at level L (edge e carries weight[e] * L), a link
// with `room` left after its settled edges and `growing` weight in unsettled
// ones fills up at L = room / growing.
struct Links {
  std::vector<double> room;
  std::vector<double> growing;
  std::vector<uint32_t> unsettled;
  std::vector<uint32_t> version;  // lets the heap skip stale entries

  double fullAt(uint32_t link) const { return std::max(0.0, room[link]) / growing[link]; }
};

struct Pending {
  double level;
  uint32_t link;
  uint32_t version;
  bool operator>(const Pending& other) const { return level > other.level; }
};

void fillTier(const EdgeProblem& pb, uint8_t tier, std::vector<double>& capacityLeft, std::vector<double>& needLeft,
              std::vector<double>& amount) {
  const uint32_t n = pb.n;
  Links links{std::vector<double>(2 * size_t(n)), std::vector<double>(2 * size_t(n), 0.0),
              std::vector<uint32_t>(2 * size_t(n), 0), std::vector<uint32_t>(2 * size_t(n), 0)};
  for (uint32_t i = 0; i < n; ++i) {
    links.room[i] = capacityLeft[i];
    links.room[n + i] = needLeft[i];
  }
  // Edges of each link in this tier (CSR over both kinds of link).
  std::vector<uint32_t> start(2 * size_t(n) + 1, 0);
  for (uint32_t e = 0; e < pb.edges(); ++e) {
    if (pb.tier[e] != tier) continue;
    for (uint32_t link : {pb.provider[e], n + pb.recipient[e]}) {
      start[link + 1]++;
      links.growing[link] += pb.weight[e];
      links.unsettled[link]++;
    }
  }
  for (size_t l = 0; l < 2 * size_t(n); ++l) start[l + 1] += start[l];
  std::vector<uint32_t> edgesOf(start.back());
  std::vector<uint32_t> next(start.begin(), start.end() - 1);
  for (uint32_t e = 0; e < pb.edges(); ++e) {
    if (pb.tier[e] != tier) continue;
    edgesOf[next[pb.provider[e]]++] = e;
    edgesOf[next[n + pb.recipient[e]]++] = e;
  }

  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> heap;
  for (uint32_t l = 0; l < 2 * n; ++l) {
    if (links.unsettled[l] > 0) heap.push({links.fullAt(l), l, 0});
  }
  std::vector<char> settled(pb.edges(), 0);
  while (!heap.empty()) {
    const Pending top = heap.top();
    heap.pop();
    if (top.version != links.version[top.link] || links.unsettled[top.link] == 0) continue;
    // This link is the next to fill: its unsettled edges stop at this level.
    for (uint32_t k = start[top.link]; k < start[top.link + 1]; ++k) {
      const uint32_t e = edgesOf[k];
      if (settled[e]) continue;
      settled[e] = 1;
      const double x = pb.weight[e] * top.level;
      amount[e] = x;
      for (uint32_t link : {pb.provider[e], n + pb.recipient[e]}) {
        links.room[link] -= x;
        links.growing[link] = --links.unsettled[link] == 0 ? 0 : links.growing[link] - pb.weight[e];
        if (link != top.link && links.unsettled[link] > 0) {
          heap.push({links.fullAt(link), link, ++links.version[link]});
        }
      }
    }
  }
  for (uint32_t e = 0; e < pb.edges(); ++e) {
    if (pb.tier[e] != tier) continue;
    capacityLeft[pb.provider[e]] = std::max(0.0, capacityLeft[pb.provider[e]] - amount[e]);
    needLeft[pb.recipient[e]] = std::max(0.0, needLeft[pb.recipient[e]] - amount[e]);
  }
}

}  // namespace

std::vector<double> centralAllocation(const EdgeProblem& pb) {
  std::vector<double> amount(pb.edges(), 0.0);
  std::vector<double> capacityLeft = pb.capacity;
  std::vector<double> needLeft = pb.need;
  fillTier(pb, 1, capacityLeft, needLeft, amount);
  fillTier(pb, 2, capacityLeft, needLeft, amount);
  return amount;
}

}  // namespace ms::allocation
