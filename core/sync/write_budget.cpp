#include "sync/write_budget.h"

#include <algorithm>
#include <iterator>

#include "common/input_error.h"

namespace ms::sync {
namespace {

constexpr double kMinuteMs = 60'000;

}  // namespace

void WriteBudget::charge(const std::string& source, std::size_t bytes, double now) {
  if (bytes == 0) return;
  forgetEnded(now);
  Window& window = windows_[source];
  if (now - window.start >= kMinuteMs || now < window.start) window = {now, 0};
  if (bytes > perMinute_ - std::min(window.used, perMinute_)) {
    throwRangeError("put", "refused: " + std::to_string(window.used + bytes) + " bytes of public writes from this address within a minute, over this relay's budget of " +
                               std::to_string(perMinute_) + " bytes per minute; wait and send again");
  }
  window.used += bytes;
}

void WriteBudget::forgetEnded(double now) {
  if (now - lastSweep_ < kMinuteMs) return;
  lastSweep_ = now;
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now - it->second.start >= kMinuteMs ? windows_.erase(it) : std::next(it);
  }
}

}  // namespace ms::sync
