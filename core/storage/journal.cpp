#include "storage/journal.h"

#include <sodium.h>

#include <cstring>
#include <stdexcept>

#include "common/input_error.h"
#include "identity/signing.h"

namespace ms::storage {
namespace {

void checksum(std::string_view payload, std::uint8_t out[16]) {
  identity::ensureSodium();
  crypto_generichash(out, 16, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), nullptr, 0);
}

}  // namespace

Bytes encodeJournalRecord(std::string_view payload) {
  if (payload.size() > kMaxJournalRecordBytes) throwRangeError("journal record", "is larger than 256 MiB");
  Bytes record(kJournalHeaderBytes + payload.size());
  auto length = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) record[i] = static_cast<std::uint8_t>(length >> (8 * i));
  checksum(payload, record.data() + 4);
  std::memcpy(record.data() + kJournalHeaderBytes, payload.data(), payload.size());
  return record;
}

namespace {

enum class RecordCheck { Whole, Torn, Bad };

// Whether a whole record starts at `pos` (its payload length in `length`);
// Torn when it claims more bytes than the file has left.
RecordCheck checkRecord(const std::uint8_t* data, std::size_t size, std::size_t pos, std::uint32_t& length) {
  if (size - pos < kJournalHeaderBytes) return RecordCheck::Torn;
  length = 0;
  for (int i = 0; i < 4; ++i) length |= static_cast<std::uint32_t>(data[pos + i]) << (8 * i);
  if (length > kMaxJournalRecordBytes) return RecordCheck::Bad;
  if (size - pos - kJournalHeaderBytes < length) return RecordCheck::Torn;
  std::string_view payload(reinterpret_cast<const char*>(data + pos + kJournalHeaderBytes), length);
  std::uint8_t expected[16];
  checksum(payload, expected);
  return std::memcmp(expected, data + pos + 4, 16) == 0 ? RecordCheck::Whole : RecordCheck::Bad;
}

// Whether the bytes from `pos` to the end are a record whose checksum holds
// for everything after its header, whatever its length field says.
bool wholeButItsLength(const std::uint8_t* data, std::size_t size, std::size_t pos) {
  if (size - pos < kJournalHeaderBytes) return false;
  std::string_view payload(reinterpret_cast<const char*>(data + pos + kJournalHeaderBytes), size - pos - kJournalHeaderBytes);
  std::uint8_t expected[16];
  checksum(payload, expected);
  return std::memcmp(expected, data + pos + 4, 16) == 0;
}

// The first offset after `pos` where a whole record starts, or `size`.
std::size_t nextWholeRecord(const std::uint8_t* data, std::size_t size, std::size_t pos) {
  std::uint32_t length = 0;
  for (std::size_t at = pos + 1; at + kJournalHeaderBytes <= size; ++at) {
    if (checkRecord(data, size, at, length) == RecordCheck::Whole) return at;
  }
  return size;
}

}  // namespace

JournalReplay replayJournal(const std::uint8_t* data, std::size_t size) {
  JournalReplay replay;
  std::size_t pos = 0;
  while (pos < size) {
    std::uint32_t length = 0;
    RecordCheck check = checkRecord(data, size, pos, length);
    if (check == RecordCheck::Whole) {
      replay.payloadOffsets.push_back(pos + kJournalHeaderBytes);
      replay.payloads.emplace_back(reinterpret_cast<const char*>(data + pos + kJournalHeaderBytes), length);
      pos += kJournalHeaderBytes + length;
      replay.validBytes = pos;
      continue;
    }
    std::size_t next = nextWholeRecord(data, size, pos);
    // The last record, whole but for a damaged length: it was acknowledged.
    if (next == size && wholeButItsLength(data, size, pos)) {
      replay.payloadOffsets.push_back(pos + kJournalHeaderBytes);
      replay.payloads.emplace_back(reinterpret_cast<const char*>(data + pos + kJournalHeaderBytes), size - pos - kJournalHeaderBytes);
      replay.lost.push_back({pos, 4});
      replay.validBytes = size;
      break;
    }
    // A record cut short with nothing whole after it is what a crash leaves
    // while appending: never acknowledged, safe to cut off.
    if (check == RecordCheck::Torn && next == size) break;
    replay.lost.push_back({pos, next - pos});
    pos = next;
  }
  replay.damaged = replay.validBytes != size && (replay.lost.empty() || replay.lost.back().offset + replay.lost.back().length != size);
  return replay;
}

}  // namespace ms::storage
