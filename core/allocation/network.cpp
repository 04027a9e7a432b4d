#include "allocation/network.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/input_error.h"
#include "common/json_fields.h"
#include "common/number_checks.h"

namespace ms::allocation {

double Mulberry32::next() {
  state_ += 0x6d2b79f5u;
  uint32_t t = state_;
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
}

uint32_t toUint32(double value) {
  double wrapped = std::fmod(std::trunc(value), 4294967296.0);
  if (wrapped < 0) wrapped += 4294967296.0;
  return static_cast<uint32_t>(wrapped);
}

namespace {
// JS Math.round for the non-negative values used here (half rounds up).
double roundHalfUp(double x) {
  double whole = std::floor(x);
  return (x - whole >= 0.5) ? whole + 1 : whole;
}

std::string participant(uint32_t index) { return "#" + std::to_string(index); }


}  // namespace

void validateNetwork(const Network& network) {
  const uint32_t n = network.size();
  if (network.stated_need.size() != n || network.weight_start.size() != size_t(n) + 1 ||
      network.weight_to.size() != network.weight.size() || network.weight_start.front() != 0 ||
      network.weight_start.back() != network.weight.size()) {
    throwRangeError("network", "arrays are inconsistent");
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (network.weight_start[i] > network.weight_start[i + 1]) throwRangeError("network", "arrays are inconsistent");
    requireNonNegative(network.capacity[i], [&] { return "participants[" + participant(i) + "].capacity"; });
    requireNonNegative(network.stated_need[i], [&] { return "participants[" + participant(i) + "].stated_need"; });
    for (uint32_t e = network.weight_start[i]; e < network.weight_start[i + 1]; ++e) {
      if (network.weight_to[e] >= n) throwRangeError("weights[" + participant(i) + "]", "names an unknown participant");
      requireNonNegative(network.weight[e], [&] {
        return "weights[" + participant(i) + "][" + participant(network.weight_to[e]) + "]";
      });
    }
  }
}

void validateNetworkParams(const NetworkParams& params) {
  const double n = readCount(Json(params.n), "n");
  if (n < 1 || n > 10'000'000) throwRangeError("n", "must be between 1 and 10000000");
  const double k = readCount(Json(params.k), "k");
  if (k > 1000) throwRangeError("k", "must be at most 1000");
  const double seed = readFiniteNumber(Json(params.seed), "seed");
  if (seed != std::floor(seed)) throwRangeError("seed", "must be a whole number");
  readInRange(Json(params.provider_fraction), "providerFraction", 0, 1);
  readInRange(Json(params.self_rate), "selfRate", 0, 1);
}

Network generateNetwork(const NetworkParams& params) {
  validateNetworkParams(params);
  const uint32_t n = static_cast<uint32_t>(params.n);
  const uint32_t k = static_cast<uint32_t>(params.k);
  Mulberry32 rand(toUint32(params.seed));

  Network net;
  net.weight_start.reserve(size_t(n) + 1);
  net.weight_to.reserve(size_t(n) * (k + 1));
  net.weight.reserve(size_t(n) * (k + 1));
  net.capacity.reserve(n);
  net.stated_need.reserve(n);

  const uint32_t want = std::min(k, n - 1);
  const double nearSpan = std::max<double>(1, std::min<double>(n - 1, 4.0 * k));
  std::vector<char> taken(n, 0);
  std::vector<uint32_t> picked;
  for (uint32_t i = 0; i < n; ++i) {
    picked.clear();
    while (picked.size() < want) {
      const bool near = rand.next() < 0.7;
      const uint32_t off = near ? 1 + static_cast<uint32_t>(std::floor(rand.next() * nearSpan))
                                : 1 + static_cast<uint32_t>(std::floor(rand.next() * (n - 1)));
      const uint32_t j = static_cast<uint32_t>((uint64_t(i) + (rand.next() < 0.5 ? off : n - off)) % n);
      if (j != i && !taken[j]) {
        taken[j] = 1;
        picked.push_back(j);
      }
    }
    const size_t rowStart = net.weight.size();
    double sum = 0;
    for (uint32_t j : picked) {
      taken[j] = 0;
      const double w = 0.05 + rand.next();
      net.weight_to.push_back(j);
      net.weight.push_back(w);
      sum += w;
    }
    if (rand.next() < params.self_rate) {
      const double w = 0.05 + rand.next();
      net.weight_to.push_back(i);
      net.weight.push_back(w);
      sum += w;
    }
    for (size_t e = rowStart; e < net.weight.size(); ++e) net.weight[e] /= sum;
    net.weight_start.push_back(static_cast<uint32_t>(net.weight.size()));

    const bool provider = rand.next() < params.provider_fraction;
    net.stated_need.push_back(roundHalfUp(10 + rand.next() * 990));
    net.capacity.push_back(provider ? roundHalfUp(100 + rand.next() * 4900) : 0);
  }
  return net;
}

}  // namespace ms::allocation
