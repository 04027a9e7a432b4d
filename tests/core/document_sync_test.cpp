// The store's decisions with an injected clock: debounce, write stamps,
// retry with backoff, conflicts, echoes and the queue during persistence.
#include <catch2/catch.hpp>

#include <cmath>

#include "common/backoff.h"
#include "store/document_sync.h"

using namespace ms::store;

TEST_CASE("a change is persisted once the debounce has passed, and each change restarts it") {
  DocumentSync sync({.debounceMs = 100});
  CHECK_FALSE(sync.wakeAt());
  sync.localChange(1000, "a");
  CHECK(sync.wakeAt() == 1100);
  CHECK_FALSE(sync.persistDue(1099));
  sync.localChange(1050, "b");
  CHECK_FALSE(sync.persistDue(1100));
  CHECK(sync.persistDue(1150));
  Version written = sync.beginPersist();
  CHECK(written.digest == "b");
  CHECK(sync.persisting());
  CHECK_FALSE(sync.wakeAt());
  CHECK_FALSE(sync.persistSucceeded());
  CHECK_FALSE(sync.dirty());
  CHECK_FALSE(sync.wakeAt());
}

TEST_CASE("write stamps strictly increase, within one millisecond and when the clock goes back") {
  DocumentSync sync;
  double first = sync.localChange(5000, "a");
  double second = sync.localChange(5000, "b");
  double third = sync.localChange(4000, "c");
  CHECK(first == 5000);
  CHECK(second > first);
  CHECK(third > second);
}

TEST_CASE("a change during a write is written after it") {
  DocumentSync sync({.debounceMs = 10});
  sync.localChange(0, "a");
  sync.beginPersist();
  sync.localChange(5, "b");
  CHECK_FALSE(sync.persistDue(100));  // one write at a time
  sync.persistSucceeded();
  CHECK(sync.persistDue(100));
  CHECK(sync.beginPersist().digest == "b");
}

TEST_CASE("a failed write is retried with capped exponential backoff, nothing dropped") {
  DocumentSync sync({.debounceMs = 0, .retryBaseMs = 100, .retryMaxMs = 1000});
  sync.localChange(0, "a");
  double now = 0;
  std::vector<double> delays;
  for (int attempt = 0; attempt < 6; ++attempt) {
    REQUIRE(sync.persistDue(now));
    sync.beginPersist();
    sync.persistFailed(now);
    delays.push_back(*sync.wakeAt() - now);
    now = *sync.wakeAt();
  }
  CHECK(delays == std::vector<double>{100, 200, 400, 800, 1000, 1000});
  CHECK(sync.consecutiveFailures() == 6);
  sync.beginPersist();
  sync.persistSucceeded();
  CHECK(sync.consecutiveFailures() == 0);
  CHECK_FALSE(sync.dirty());
}

TEST_CASE("network wins only if newer; equal times are decided by digest, the same on every device") {
  DocumentSync sync;
  sync.localChange(1000, "mine");
  sync.beginPersist();
  sync.persistSucceeded();
  CHECK(sync.networkUpdate({999, "old"}, 1) == NetworkDecision::IgnoreOlder);
  CHECK(sync.networkUpdate({1000, "mine"}, 2) == NetworkDecision::IgnoreEcho);
  CHECK(sync.networkUpdate({1000, "aaa"}, 3) == NetworkDecision::IgnoreOlder);
  CHECK(sync.networkUpdate({1000, "zzz"}, 4) == NetworkDecision::Accept);
  CHECK(sync.local()->digest == "zzz");
  CHECK(sync.networkUpdate({2000, "newer"}, 5) == NetworkDecision::Accept);
  // Both orders of arrival end with the same document.
  DocumentSync other;
  CHECK(other.networkUpdate({2000, "newer"}, 1) == NetworkDecision::Accept);
  CHECK(other.networkUpdate({1000, "zzz"}, 2) == NetworkDecision::IgnoreOlder);
  CHECK(other.local() == sync.local());
}

TEST_CASE("our own writes coming back are echoes, even after newer ones") {
  DocumentSync sync({.debounceMs = 0});
  sync.localChange(10, "a");
  Version first = sync.beginPersist();
  sync.persistSucceeded();
  sync.localChange(20, "b");
  sync.beginPersist();
  sync.persistSucceeded();
  CHECK(sync.networkUpdate(first, 1) == NetworkDecision::IgnoreEcho);
}

TEST_CASE("network documents arriving during a write are queued; the newest is decided afterwards") {
  DocumentSync sync({.debounceMs = 0});
  sync.localChange(100, "mine");
  sync.beginPersist();
  CHECK(sync.networkUpdate({150, "x"}, 7) == NetworkDecision::Queue);
  CHECK(sync.networkUpdate({300, "y"}, 8) == NetworkDecision::Queue);
  CHECK(sync.networkUpdate({200, "z"}, 9) == NetworkDecision::Queue);
  CHECK(sync.persistSucceeded() == std::optional<std::uint64_t>(8));
  CHECK(sync.local()->digest == "y");
  // An older queued document is dropped after the write.
  sync.localChange(400, "later");
  sync.beginPersist();
  CHECK(sync.networkUpdate({350, "stale"}, 10) == NetworkDecision::Queue);
  CHECK_FALSE(sync.persistSucceeded());
  CHECK(sync.local()->digest == "later");
}

TEST_CASE("a newer network document supersedes an unsaved local change") {
  DocumentSync sync({.debounceMs = 100});
  sync.localChange(100, "draft");
  CHECK(sync.networkUpdate({500, "theirs"}, 1) == NetworkDecision::Accept);
  CHECK_FALSE(sync.dirty());
  CHECK_FALSE(sync.persistDue(1000));
  // The next local change is stamped after the accepted document.
  CHECK(sync.localChange(200, "again") > 500);
}

TEST_CASE("a failed write releases the queue too, and a newer document stops the retries") {
  DocumentSync sync({.debounceMs = 0});
  sync.localChange(100, "mine");
  sync.beginPersist();
  sync.networkUpdate({900, "theirs"}, 3);
  CHECK(sync.persistFailed(100) == std::optional<std::uint64_t>(3));
  CHECK_FALSE(sync.dirty());
  CHECK_FALSE(sync.wakeAt());
}

TEST_CASE("bad timing and times are refused") {
  CHECK_THROWS(DocumentSync({.debounceMs = -1}));
  CHECK_THROWS(DocumentSync({.debounceMs = 0, .retryBaseMs = 0}));
  DocumentSync sync;
  CHECK_THROWS(sync.localChange(std::nan(""), "a"));
  CHECK_THROWS(sync.networkUpdate({INFINITY, "a"}, 1));
  CHECK_THROWS(sync.beginPersist());
}

// The one backoff formula (common/backoff.h): DocumentSync's retries above
// and the JS reconnections (through the retryCeilingMs binding) use it.
TEST_CASE("the retry ceiling doubles from the base with each failure, up to the cap") {
  CHECK(ms::retryCeilingMs(0, 250, 10000) == 250);
  CHECK(ms::retryCeilingMs(1, 250, 10000) == 500);
  CHECK(ms::retryCeilingMs(5, 250, 10000) == 8000);
  CHECK(ms::retryCeilingMs(6, 250, 10000) == 10000);
  CHECK(ms::retryCeilingMs(1e9, 250, 10000) == 10000);
  CHECK(ms::retryCeilingMs(1e9, 1e-300, 1e300) == 1e-300 * std::pow(2.0, 30));
}
