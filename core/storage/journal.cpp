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

JournalReplay replayJournal(const std::uint8_t* data, std::size_t size) {
  JournalReplay replay;
  std::size_t pos = 0;
  while (pos < size) {
    if (size - pos < kJournalHeaderBytes) break;
    std::uint32_t length = 0;
    for (int i = 0; i < 4; ++i) length |= static_cast<std::uint32_t>(data[pos + i]) << (8 * i);
    if (length > kMaxJournalRecordBytes || size - pos - kJournalHeaderBytes < length) break;
    std::string_view payload(reinterpret_cast<const char*>(data + pos + kJournalHeaderBytes), length);
    std::uint8_t expected[16];
    checksum(payload, expected);
    if (std::memcmp(expected, data + pos + 4, 16) != 0) break;
    replay.payloads.emplace_back(payload);
    pos += kJournalHeaderBytes + length;
  }
  replay.validBytes = pos;
  replay.damaged = pos != size;
  return replay;
}

}  // namespace ms::storage
