#pragma once
// The append-only journal behind file storage. Each record is
//   u32 little-endian payload length | 16-byte BLAKE2b of the payload | payload
// A write is durable once its record is appended and flushed. A crash can
// only tear the last record: replay reports where the whole records end so
// the torn tail can be cut off before new records are appended.
//
// Anything else that fails its length or checksum is damage (a bad disk, a
// stray write), not a crash: replay never stops there. It skips the damaged
// bytes, scans forward byte by byte until a whole record checks out again,
// and carries on, reporting each damaged range so the caller can keep the
// file aside and say what was lost. A resynchronised record is only trusted
// because its length and 16-byte checksum both hold; a payload cannot fake
// one inside itself as long as it is JSON text (JSON escapes control
// characters, so four payload bytes never spell a length under 256 MiB).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ms::storage {

using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t kJournalHeaderBytes = 4 + 16;
constexpr std::size_t kMaxJournalRecordBytes = 256u * 1024 * 1024;

Bytes encodeJournalRecord(std::string_view payload);

// Bytes [offset, offset + length) that held no record that checks out.
struct JournalDamage {
  std::size_t offset = 0;
  std::size_t length = 0;
};

struct JournalReplay {
  std::vector<std::string> payloads;  // whole records, in order
  std::vector<std::size_t> payloadOffsets;  // where each payload starts in the input
  std::size_t validBytes = 0;         // where the last whole record ends
  bool damaged = false;               // a torn tail follows validBytes (safe to cut off)
  std::vector<JournalDamage> lost;    // damage before the tail: records were lost there
};

JournalReplay replayJournal(const std::uint8_t* data, std::size_t size);

}  // namespace ms::storage
