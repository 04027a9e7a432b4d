#include "network_input.h"

#include "checked_input.h"

namespace ms::wasm {

ms::allocation::Network networkFromInput(double participants, double edgeCount) {
  const std::size_t n = countFromJs(participants, "n"), edges = countFromJs(edgeCount, "edges");
  auto links = checkedInputU32(0, double(n) + 1 + double(edges), "network links");
  ms::allocation::Network net;
  net.weight_start.assign(links.begin(), links.begin() + n + 1);
  net.weight_to.assign(links.begin() + n + 1, links.end());
  const double* f = checkedInputF64(0, double(edges) + 2.0 * double(n), "network numbers").data();
  net.weight.assign(f, f + edges);
  net.capacity.assign(f + edges, f + edges + n);
  net.stated_need.assign(f + edges + n, f + edges + 2 * n);
  return net;
}

}  // namespace ms::wasm
