// embind bindings for the storage journal (core/storage/journal.h): bytes
// in through the input byte buffer, records out through the output buffers
// (no per-record calls).
#include <emscripten/bind.h>

#include "checked_input.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "storage/journal.h"

using ms::wasm::flatBuffers;
using ms::wasm::guarded;

namespace {

// Encodes the `length` payload bytes in the input buffer as one record in
// the output byte buffer; returns the record's size.
size_t encodeJournalRecordJs(double length) {
  return guarded([&] {
    flatBuffers().out_bytes = ms::storage::encodeJournalRecord(ms::wasm::checkedInputText(length, "length"));
    return flatBuffers().out_bytes.size();
  });
}

// Replays the `length` journal bytes in the input buffer. Output u32 buffer:
// [validBytes, damaged, count, lostCount, then (offset, length) of each
// payload within the input buffer, then (offset, length) of each damaged
// range]. Returns the count.
size_t replayJournalJs(double length) {
  return guarded([&] {
    auto bytes = ms::wasm::checkedInputBytes(0, length, "length");
    auto replay = ms::storage::replayJournal(bytes.data(), bytes.size());
    auto& out = flatBuffers().out_u32;
    out.assign({static_cast<uint32_t>(replay.validBytes), replay.damaged ? 1u : 0u, static_cast<uint32_t>(replay.payloads.size()),
                static_cast<uint32_t>(replay.lost.size())});
    for (size_t i = 0; i < replay.payloads.size(); ++i) {
      out.push_back(static_cast<uint32_t>(replay.payloadOffsets[i]));
      out.push_back(static_cast<uint32_t>(replay.payloads[i].size()));
    }
    for (const auto& range : replay.lost) {
      out.push_back(static_cast<uint32_t>(range.offset));
      out.push_back(static_cast<uint32_t>(range.length));
    }
    return replay.payloads.size();
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_storage) {
  emscripten::function("encodeJournalRecord", &encodeJournalRecordJs);
  emscripten::function("replayJournal", &replayJournalJs);
}
