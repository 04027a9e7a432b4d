#pragma once
// Shared helpers for the allocation tests: building shares and recipient
// states by name, and a small seeded generator for invariant checks.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "allocation/two_tier.h"

namespace testing {

using ms::allocation::RecipientState;
using ms::allocation::Share;

// Recipients are dense indices; tests name them and keep the order.
struct Recipients {
  std::vector<std::string> names;
  std::vector<RecipientState> states;

  uint32_t add(const std::string& name, double need, double damping = 1.0, bool passes = true, bool hasCommitment = true) {
    names.push_back(name);
    states.push_back({need, damping, hasCommitment, passes});
    return static_cast<uint32_t>(names.size() - 1);
  }
  uint32_t operator[](const std::string& name) const {
    for (uint32_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return i;
    }
    FAIL("no recipient " << name);
    return 0;
  }
};

inline std::map<uint32_t, double> byRecipient(const std::vector<Share>& shares) {
  std::map<uint32_t, double> result;
  for (const auto& share : shares) result[share.recipient] = share.value;
  return result;
}

// A deterministic generator (xorshift) so invariant checks are repeatable.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed * 2654435761u + 1) {}
  double uniform() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<double>(state_ >> 11) / 9007199254740992.0;
  }
  bool chance(double p) { return uniform() < p; }

 private:
  uint64_t state_;
};

}  // namespace testing
