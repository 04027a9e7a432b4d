#pragma once
// The append-only journal behind file storage. Each record is
//   u32 little-endian payload length | 16-byte BLAKE2b of the payload | payload
// A write is durable once its record is appended and flushed. A crash can
// only tear the last record; replay keeps every whole record before the
// first damaged one and reports where the good part ends, so the file can be
// truncated there before new records are appended.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ms::storage {

using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t kJournalHeaderBytes = 4 + 16;
constexpr std::size_t kMaxJournalRecordBytes = 256u * 1024 * 1024;

Bytes encodeJournalRecord(std::string_view payload);

struct JournalReplay {
  std::vector<std::string> payloads;  // whole records, in order
  std::size_t validBytes = 0;         // length of the undamaged prefix
  bool damaged = false;               // bytes after validBytes were dropped
};

JournalReplay replayJournal(const std::uint8_t* data, std::size_t size);

}  // namespace ms::storage
