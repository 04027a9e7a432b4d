// The wasm heap in use, for diagnostics: the memory benchmark (B9) and the
// relay's flood test read it from the module they measure.
#include <emscripten/bind.h>
#include <malloc.h>

namespace {

// Bytes malloc has handed out and not had back.
size_t heapBytesInUse() { return mallinfo().uordblks; }

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_memory) {
  emscripten::function("heapBytesInUse", &heapBytesInUse);
}
