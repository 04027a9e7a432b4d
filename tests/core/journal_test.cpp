// The file journal: whole records replay, a torn or damaged tail is cut off.
#include <catch2/catch.hpp>

#include "storage/journal.h"

using namespace ms::storage;

namespace {

Bytes journalOf(const std::vector<std::string>& payloads) {
  Bytes all;
  for (const auto& payload : payloads) {
    Bytes record = encodeJournalRecord(payload);
    all.insert(all.end(), record.begin(), record.end());
  }
  return all;
}

}  // namespace

TEST_CASE("records replay byte for byte, control characters and NULs included") {
  std::string binary("a\0b\x01\x1f\n\"", 7);
  std::string large(3 * 1024 * 1024, 'x');
  Bytes journal = journalOf({"first", binary, "", large});
  JournalReplay replay = replayJournal(journal.data(), journal.size());
  CHECK_FALSE(replay.damaged);
  CHECK(replay.validBytes == journal.size());
  REQUIRE(replay.payloads.size() == 4);
  CHECK(replay.payloads[1] == binary);
  CHECK(replay.payloads[2].empty());
  CHECK(replay.payloads[3] == large);
}

TEST_CASE("a crash at any byte of the last record loses only that record") {
  Bytes whole = journalOf({"one", "two"});
  std::size_t firstEnd = kJournalHeaderBytes + 3;
  for (std::size_t cut = firstEnd; cut < whole.size(); ++cut) {
    JournalReplay replay = replayJournal(whole.data(), cut);
    INFO("cut at " << cut);
    CHECK(replay.payloads == std::vector<std::string>{"one"});
    CHECK(replay.validBytes == firstEnd);
    CHECK(replay.damaged == (cut != firstEnd));
  }
}

TEST_CASE("a damaged record ends the replay, whatever follows it") {
  Bytes journal = journalOf({"one", "two", "three"});
  journal[kJournalHeaderBytes + 3 + kJournalHeaderBytes] ^= 0x40;  // first byte of "two"
  JournalReplay replay = replayJournal(journal.data(), journal.size());
  CHECK(replay.payloads == std::vector<std::string>{"one"});
  CHECK(replay.damaged);
  Bytes hugeLength = journalOf({"x"});
  hugeLength[3] = 0xFF;  // claims ~4 GiB
  CHECK(replayJournal(hugeLength.data(), hugeLength.size()).payloads.empty());
}
