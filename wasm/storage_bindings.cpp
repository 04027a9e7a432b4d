// embind bindings for byte input and the storage journal: bytes in through the input byte
// buffer, records out through the output buffers (no per-record calls).
#include <emscripten/bind.h>
#include <malloc.h>

#include "checked_input.h"
#include "flat_buffers.h"
#include "js_errors.h"
#include "storage/journal.h"

using ms::wasm::flatBuffers;
using ms::wasm::guarded;

namespace {

// Room for `count` bytes of input (text or binary) that JS writes directly.
uintptr_t reserveBytes(double countJs) {
  return guarded([&] {
    std::size_t count = ms::wasm::countFromJs(countJs, "count");
    auto& bytes = flatBuffers().in_bytes;
    if (bytes.size() < count) bytes.resize(count);
    return reinterpret_cast<uintptr_t>(bytes.data());
  });
}

// Encodes the `length` payload bytes in the input buffer as one record in
// the output byte buffer; returns the record's size.
size_t encodeJournalRecordJs(double length) {
  return guarded([&] {
    flatBuffers().out_bytes = ms::storage::encodeJournalRecord(ms::wasm::checkedInputText(length, "length"));
    return flatBuffers().out_bytes.size();
  });
}

uintptr_t outputBytes() { return reinterpret_cast<uintptr_t>(flatBuffers().out_bytes.data()); }

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

// Bytes allocated on the wasm heap right now (for the memory benchmark).
size_t heapBytesInUse() { return mallinfo().uordblks; }

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_storage) {
  emscripten::function("heapBytesInUse", &heapBytesInUse);
  emscripten::function("reserveBytes", &reserveBytes);
  emscripten::function("encodeJournalRecord", &encodeJournalRecordJs);
  emscripten::function("outputBytes", &outputBytes);
  emscripten::function("replayJournal", &replayJournalJs);
}
