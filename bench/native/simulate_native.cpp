// Native timing of the B1 workload (generate + simulate), to tell how much of
// the wasm figure is the engine itself and how much is crossing into JS.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "allocation/network.h"
#include "allocation/simulation.h"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  ms::allocation::NetworkParams params;
  params.n = argc > 1 ? std::atof(argv[1]) : 10000;
  params.k = 20;
  params.seed = 42;
  auto t0 = Clock::now();
  auto network = ms::allocation::generateNetwork(params);
  auto t1 = Clock::now();
  ms::allocation::SimulationOptions options;
  options.max_rounds = 20;
  auto result = ms::allocation::simulate(network, options);
  auto t2 = Clock::now();
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("n=%g generate %.2f ms, simulate %.2f ms, rounds %u, maxDelta %g\n", params.n, ms(t1 - t0),
              ms(t2 - t1), result.rounds, result.max_delta);
  return 0;
}
