#pragma once
// The decisions behind a synchronised document store (createHolsterStore),
// kept apart from values and I/O so they can be tested with an injected
// clock: when to persist (debounce, retry with backoff), which _updatedAt a
// write gets, and what to do with a document arriving from the network
// (accept if newer, ignore our own echoes, queue while we are persisting).
//
// Documents are identified by (updatedAt, digest); the digest is any stable
// fingerprint of the data (the JS layer uses a hash of its JSON text).
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace ms::store {

struct Version {
  double updatedAt = 0;
  std::string digest;
  bool operator==(const Version&) const = default;
};

// Total order used for conflicts: later updatedAt wins; on equal times the
// larger digest wins, so every device picks the same document.
bool newerThan(const Version& a, const Version& b);

struct SyncTiming {
  double debounceMs = 100;
  double retryBaseMs = 250;   // first retry after a failed write
  double retryMaxMs = 30000;  // backoff doubles up to this
};

enum class NetworkDecision {
  Accept,       // deliver to subscribers; it is now the local document
  IgnoreOlder,  // the local document is newer (or the same one)
  IgnoreEcho,   // a document we wrote ourselves, coming back
  Queue,        // we are persisting: decided again when the write ends
};

class DocumentSync {
 public:
  explicit DocumentSync(SyncTiming timing = {});

  // A value was set locally at `now`. Returns the _updatedAt it will be
  // written with: strictly greater than any this store issued or accepted.
  double localChange(double now, const std::string& digest);

  // Whether a write should start now; otherwise when to ask again (none: idle).
  bool persistDue(double now) const;
  std::optional<double> wakeAt() const;

  // A write of the current local document starts; returns its version.
  Version beginPersist();
  // The write ended. Returns the token of a queued network document that is
  // now accepted, if any (see networkUpdate).
  std::optional<std::uint64_t> persistSucceeded();
  std::optional<std::uint64_t> persistFailed(double now);

  // A valid document from the network. When the answer is Queue, `token`
  // names it; the JS layer keeps the data until a persist call returns the
  // token (accepted) or a newer document replaces it in the queue.
  NetworkDecision networkUpdate(const Version& incoming, std::uint64_t token);

  bool persisting() const { return persisting_; }
  bool dirty() const { return dirty_; }
  int consecutiveFailures() const { return failures_; }
  const std::optional<Version>& local() const { return local_; }

 private:
  NetworkDecision decide(const Version& incoming);
  std::optional<std::uint64_t> releaseQueued();

  SyncTiming timing_;
  std::optional<Version> local_;
  double lastIssued_ = 0;
  bool dirty_ = false;
  bool persisting_ = false;
  double deadline_ = 0;
  int failures_ = 0;
  std::deque<Version> written_;  // recent versions we wrote: our echoes (bounded)
  std::optional<std::pair<Version, std::uint64_t>> queued_;  // only the newest matters
};

}  // namespace ms::store
