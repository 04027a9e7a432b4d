#pragma once
// A recognition network held in flat arrays: participant i recognises
// weight_to[k] with weight[k] for k in [weight_start[i], weight_start[i+1]),
// in the order its weights object listed them.
#include <cstdint>
#include <vector>

namespace ms::allocation {

struct Network {
  std::vector<uint32_t> weight_start{0};
  std::vector<uint32_t> weight_to;
  std::vector<double> weight;
  std::vector<double> capacity;
  std::vector<double> stated_need;

  uint32_t size() const { return static_cast<uint32_t>(capacity.size()); }
};

// Throws InputError unless the arrays are consistent and every number is
// finite and >= 0. Names participants as "#<index>".
void validateNetwork(const Network& network);

struct NetworkParams {
  double n = 0;
  double k = 0;
  double seed = 1;
  double provider_fraction = 0.3;
  double self_rate = 0.1;
};

// Throws InputError for a bad parameter (n, k whole numbers, fractions in [0, 1]).
void validateNetworkParams(const NetworkParams& params);

// The seeded benchmark network of allocation.md: participants "p0".."p{n-1}",
// each recognising k distinct others (biased towards neighbours) and itself
// with probability self_rate; weights sum to 1. The same seed gives the same
// network as the JS reference, bit for bit.
Network generateNetwork(const NetworkParams& params);

// mulberry32, the reference's seeded generator.
class Mulberry32 {
 public:
  explicit Mulberry32(uint32_t seed) : state_(seed) {}
  double next();

 private:
  uint32_t state_;
};

// JS ToUint32 of a finite whole number (what `seed >>> 0` does).
uint32_t toUint32(double value);

}  // namespace ms::allocation
