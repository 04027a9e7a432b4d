#pragma once
// How many bytes of public writes (souls nobody owns: public nodes, alias
// lists) one source may send a relay per minute. User spaces have their
// owner's quota; public souls only have the relay-wide cap (user_quota.h),
// which one anonymous client could otherwise fill in seconds for everyone.
// A source is an address (several connections from one machine share it)
// or, when the address is unknown, one connection.
#include <cstddef>
#include <string>
#include <unordered_map>

namespace ms::sync {

constexpr std::size_t kDefaultPublicBytesPerMinute = std::size_t{4} << 20;  // 4 MiB

class WriteBudget {
 public:
  explicit WriteBudget(std::size_t bytesPerMinute = kDefaultPublicBytesPerMinute) : perMinute_(bytesPerMinute) {}

  // Charges `bytes` to `source` at `now` (ms); throws ms::InputError and
  // charges nothing when that would pass the budget of the current minute.
  void charge(const std::string& source, std::size_t bytes, double now);
  std::size_t perMinute() const { return perMinute_; }

 private:
  struct Window {
    double start = 0;
    std::size_t used = 0;
  };
  // Windows that ended are forgotten now and then, so the table stays as
  // small as the set of sources that wrote in the last minute.
  void forgetEnded(double now);

  std::size_t perMinute_;
  std::unordered_map<std::string, Window> windows_;
  double lastSweep_ = 0;
};

}  // namespace ms::sync
