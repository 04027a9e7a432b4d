#include "store/document_sync.h"

#include <algorithm>
#include <cmath>

#include "common/backoff.h"
#include "common/input_error.h"

namespace ms::store {
namespace {

constexpr std::size_t kRememberedWrites = 32;

}  // namespace

bool newerThan(const Version& a, const Version& b) {
  if (a.updatedAt != b.updatedAt) return a.updatedAt > b.updatedAt;
  return a.digest > b.digest;
}

DocumentSync::DocumentSync(SyncTiming timing) : timing_(timing) {
  if (!(timing.debounceMs >= 0) || !(timing.retryBaseMs > 0) || !(timing.retryMaxMs >= timing.retryBaseMs) ||
      !std::isfinite(timing.retryMaxMs) || !std::isfinite(timing.debounceMs)) {
    throwRangeError("timing", "needs debounce >= 0 and 0 < retry base <= retry max, all finite");
  }
}

double DocumentSync::localChange(double now, const std::string& digest) {
  if (!std::isfinite(now)) throwRangeError("now", "must be a finite number");
  // Strictly increasing, even for several sets in one millisecond or a clock
  // that went back, and after any document we accepted.
  double floor = std::max(lastIssued_, local_ ? local_->updatedAt : 0);
  double stamp = now > floor ? now : floor + 1;
  lastIssued_ = stamp;
  local_ = Version{stamp, digest};
  dirty_ = true;
  deadline_ = now + timing_.debounceMs;  // each change restarts the debounce
  return stamp;
}

bool DocumentSync::persistDue(double now) const { return dirty_ && !persisting_ && now >= deadline_; }

std::optional<double> DocumentSync::wakeAt() const {
  if (!dirty_ || persisting_) return std::nullopt;
  return deadline_;
}

Version DocumentSync::beginPersist() {
  if (!local_ || !dirty_ || persisting_) throw std::logic_error("beginPersist: nothing to persist or already persisting");
  persisting_ = true;
  dirty_ = false;
  written_.push_back(*local_);
  if (written_.size() > kRememberedWrites) written_.pop_front();
  return *local_;
}

std::optional<std::uint64_t> DocumentSync::persistSucceeded() {
  persisting_ = false;
  failures_ = 0;
  return releaseQueued();
}

std::optional<std::uint64_t> DocumentSync::persistFailed(double now) {
  persisting_ = false;
  ++failures_;
  dirty_ = true;  // the local document still has to be written: nothing is dropped
  deadline_ = now + retryCeilingMs(failures_ - 1, timing_.retryBaseMs, timing_.retryMaxMs);
  return releaseQueued();
}

NetworkDecision DocumentSync::networkUpdate(const Version& incoming, std::uint64_t token) {
  if (!std::isfinite(incoming.updatedAt)) throwRangeError("_updatedAt", "must be a finite number");
  if (std::find(written_.begin(), written_.end(), incoming) != written_.end()) return NetworkDecision::IgnoreEcho;
  if (persisting_) {
    if (!queued_ || newerThan(incoming, queued_->first)) queued_ = {incoming, token};
    return NetworkDecision::Queue;
  }
  return decide(incoming);
}

NetworkDecision DocumentSync::decide(const Version& incoming) {
  if (local_ && !newerThan(incoming, *local_)) return NetworkDecision::IgnoreOlder;
  // A newer document from elsewhere supersedes our unsaved change.
  local_ = incoming;
  dirty_ = false;
  return NetworkDecision::Accept;
}

std::optional<std::uint64_t> DocumentSync::releaseQueued() {
  if (!queued_) return std::nullopt;
  auto [version, token] = *queued_;
  queued_.reset();
  if (decide(version) == NetworkDecision::Accept) return token;
  return std::nullopt;
}

}  // namespace ms::store
