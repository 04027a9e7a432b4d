// The seeded benchmark network: identical to the plain-JS one, bit for bit.
// Golden values below were printed by generateNetwork of tests/oracle/allocation.mjs.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "allocation/network.h"
#include "common/input_error.h"

using namespace ms::allocation;

namespace {

std::map<uint32_t, double> weightsOf(const Network& network, uint32_t i) {
  std::map<uint32_t, double> row;
  for (uint32_t k = network.weight_start[i]; k < network.weight_start[i + 1]; ++k) row[network.weight_to[k]] = network.weight[k];
  return row;
}

}  // namespace

TEST_CASE("generateNetwork({n: 20, k: 4, seed: 7}) matches the plain-JS oracle") {
  Network network = generateNetwork({.n = 20, .k = 4, .seed = 7});
  REQUIRE(network.size() == 20);
  // p0: {"p19":0.39758475481079675,"p9":0.27759611131480855,"p16":0.1206967542374044,"p5":0.2041223796369903}
  CHECK(weightsOf(network, 0) == std::map<uint32_t, double>{
                                     {19, 0.39758475481079675}, {9, 0.27759611131480855}, {16, 0.1206967542374044}, {5, 0.2041223796369903}});
  // The order of p0's weights is the oracle's key order.
  CHECK(network.weight_to[network.weight_start[0]] == 19);
  // p13: {"p15":0.2616716856272016,"p2":0.32161682899889554,"p7":0.11320122837007646,"p14":0.3035102570038264}
  CHECK(weightsOf(network, 13) == std::map<uint32_t, double>{
                                      {15, 0.2616716856272016}, {2, 0.32161682899889554}, {7, 0.11320122837007646}, {14, 0.3035102570038264}});
  CHECK(network.capacity[0] == 0);
  CHECK(network.stated_need[0] == 303);
  CHECK(network.capacity[5] == 3999);
  CHECK(network.stated_need[5] == 588);
}

TEST_CASE("the same seed gives the same network; weights of each participant sum to 1") {
  Network a = generateNetwork({.n = 200, .k = 10, .seed = 42});
  Network b = generateNetwork({.n = 200, .k = 10, .seed = 42});
  CHECK(a.weight == b.weight);
  CHECK(a.weight_to == b.weight_to);
  CHECK(generateNetwork({.n = 200, .k = 10, .seed = 43}).weight != a.weight);
  for (uint32_t i = 0; i < a.size(); ++i) {
    double sum = 0;
    for (const auto& [_, w] : weightsOf(a, i)) sum += w;
    CHECK(sum == Approx(1).epsilon(1e-12));
  }
  CHECK_NOTHROW(validateNetwork(a));
}

TEST_CASE("mulberry32 and ToUint32 behave like JavaScript") {
  Mulberry32 rand(toUint32(7));
  double first = rand.next();
  CHECK(first >= 0);
  CHECK(first < 1);
  CHECK(toUint32(-1) == 4294967295u);
  CHECK(toUint32(4294967296.0 + 5) == 5u);
}

TEST_CASE("bad parameters and inconsistent networks are refused") {
  CHECK_THROWS_AS(validateNetworkParams({.n = -1, .k = 2}), ms::InputError);
  CHECK_THROWS_AS(validateNetworkParams({.n = 10.5, .k = 2}), ms::InputError);
  CHECK_THROWS_AS(validateNetworkParams({.n = 10, .k = 2, .provider_fraction = 1.5}), ms::InputError);
  Network broken = generateNetwork({.n = 5, .k = 2, .seed = 1});
  broken.weight[0] = -0.1;
  CHECK_THROWS_AS(validateNetwork(broken), ms::InputError);
  Network dangling = generateNetwork({.n = 5, .k = 2, .seed = 1});
  dangling.weight_to[0] = 99;
  CHECK_THROWS_AS(validateNetwork(dangling), ms::InputError);
}
