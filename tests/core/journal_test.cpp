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

TEST_CASE("a damaged record is reported and every whole record after it is kept") {
  Bytes journal = journalOf({"one", "two", "three"});
  std::size_t twoAt = kJournalHeaderBytes + 3;
  journal[twoAt + kJournalHeaderBytes] ^= 0x40;  // first byte of "two"
  JournalReplay replay = replayJournal(journal.data(), journal.size());
  CHECK(replay.payloads == std::vector<std::string>{"one", "three"});
  CHECK_FALSE(replay.damaged);
  REQUIRE(replay.lost.size() == 1);
  CHECK(replay.lost[0].offset == twoAt);
  CHECK(replay.lost[0].length == kJournalHeaderBytes + 3);
  CHECK(replay.validBytes == journal.size());
}

TEST_CASE("a damaged length in the first record loses that record only") {
  std::vector<std::string> payloads;
  for (int i = 0; i < 20; ++i) payloads.push_back("[[\"field" + std::to_string(i) + "\",\"value\"]]");
  for (std::uint8_t flip : {0x01, 0x10, 0x80}) {
    for (int byte = 0; byte < 4; ++byte) {
      Bytes journal = journalOf(payloads);
      journal[byte] ^= flip;
      JournalReplay replay = replayJournal(journal.data(), journal.size());
      INFO("byte " << byte << " flip " << int(flip));
      CHECK(replay.payloads == std::vector<std::string>(payloads.begin() + 1, payloads.end()));
      REQUIRE(replay.lost.size() == 1);
      CHECK(replay.lost[0].offset == 0);
      CHECK_FALSE(replay.damaged);
    }
  }
  // The last record claims ~4 GiB: its checksum still holds for what is
  // there, so it is kept, and the damage is still reported.
  Bytes hugeLength = journalOf({"x", "y"});
  hugeLength[kJournalHeaderBytes + 1 + 3] = 0xFF;
  JournalReplay replay = replayJournal(hugeLength.data(), hugeLength.size());
  CHECK(replay.payloads == std::vector<std::string>{"x", "y"});
  CHECK(replay.lost.size() == 1);
  CHECK_FALSE(replay.damaged);
}

TEST_CASE("damage anywhere in a journal of many records loses only the record it hits") {
  std::vector<std::string> payloads;
  for (int i = 0; i < 100; ++i) payloads.push_back("[[\"f" + std::to_string(i) + "\",\"" + std::string(40, 'v') + "\"]]");
  Bytes clean = journalOf(payloads);
  for (std::size_t at = 0; at < clean.size(); at += 7) {
    Bytes journal = clean;
    journal[at] ^= 0x20;
    JournalReplay replay = replayJournal(journal.data(), journal.size());
    INFO("flipped byte " << at);
    // A damaged length in the last record still leaves the record whole.
    std::size_t lastStart = clean.size() - (kJournalHeaderBytes + payloads.back().size());
    bool lastLength = at >= lastStart && at < lastStart + 4;
    CHECK(replay.payloads.size() == (lastLength ? 100 : 99));
    CHECK(replay.lost.size() == 1);
  }
}

TEST_CASE("a torn tail after damage is still only a torn tail") {
  Bytes journal = journalOf({"one", "two", "three"});
  journal[kJournalHeaderBytes] ^= 0x01;  // "one" damaged
  std::size_t whole = journal.size();
  journal.push_back(9);  // a header cut short
  JournalReplay replay = replayJournal(journal.data(), journal.size());
  CHECK(replay.payloads == std::vector<std::string>{"two", "three"});
  CHECK(replay.lost.size() == 1);
  CHECK(replay.damaged);
  CHECK(replay.validBytes == whole);
}
