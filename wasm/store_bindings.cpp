// embind bindings for the store's decisions (core/store/document_sync.h):
// numbers and short strings only; the documents themselves stay in JS.
#include <emscripten/bind.h>

#include <cmath>
#include <memory>
#include <string>

#include "common/backoff.h"
#include "common/json.h"
#include "handle_table.h"
#include "js_errors.h"
#include "store/document_sync.h"

using namespace ms::store;
using ms::wasm::guarded;

namespace {

ms::wasm::HandleTable<DocumentSync>& syncs() {
  static ms::wasm::HandleTable<DocumentSync> table("this store was cleaned up");
  return table;
}

DocumentSync& syncAt(int handle) { return syncs().at(handle); }

int docSyncCreate(double debounceMs, double retryBaseMs, double retryMaxMs) {
  return guarded([&] {
    return syncs().add(std::make_unique<DocumentSync>(SyncTiming{debounceMs, retryBaseMs, retryMaxMs}));
  });
}

void docSyncDestroy(int handle) { syncs().erase(handle); }

double docSyncLocalChange(int handle, double now, std::string digest) {
  return guarded([&] { return syncAt(handle).localChange(now, digest); });
}

bool docSyncDue(int handle, double now) { return guarded([&] { return syncAt(handle).persistDue(now); }); }

// NaN when there is nothing to wait for.
double docSyncWakeAt(int handle) {
  return guarded([&] { return syncAt(handle).wakeAt().value_or(std::nan("")); });
}

std::string docSyncBegin(int handle) {
  return guarded([&] {
    Version version = syncAt(handle).beginPersist();
    return ms::Json{{"updatedAt", version.updatedAt}, {"digest", version.digest}}.dump();
  });
}

// The token of a queued network document now accepted, or -1.
double tokenOrNone(std::optional<std::uint64_t> token) { return token ? static_cast<double>(*token) : -1; }

double docSyncSucceeded(int handle) { return guarded([&] { return tokenOrNone(syncAt(handle).persistSucceeded()); }); }
double docSyncFailed(int handle, double now) { return guarded([&] { return tokenOrNone(syncAt(handle).persistFailed(now)); }); }

// 0 accept, 1 ignore (older), 2 ignore (our echo), 3 queued.
int docSyncNetwork(int handle, double updatedAt, std::string digest, double token) {
  return guarded([&] {
    return static_cast<int>(syncAt(handle).networkUpdate({updatedAt, digest}, static_cast<std::uint64_t>(token)));
  });
}

bool docSyncPersisting(int handle) { return guarded([&] { return syncAt(handle).persisting(); }); }
bool docSyncDirty(int handle) { return guarded([&] { return syncAt(handle).dirty(); }); }

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_store) {
  using emscripten::function;
  // Pure arithmetic (no error to report): the JS reconnections' backoff.
  function("retryCeilingMs", &ms::retryCeilingMs);
  function("docSyncCreate", &docSyncCreate);
  function("docSyncDestroy", &docSyncDestroy);
  function("docSyncLocalChange", &docSyncLocalChange);
  function("docSyncDue", &docSyncDue);
  function("docSyncWakeAt", &docSyncWakeAt);
  function("docSyncBegin", &docSyncBegin);
  function("docSyncSucceeded", &docSyncSucceeded);
  function("docSyncFailed", &docSyncFailed);
  function("docSyncNetwork", &docSyncNetwork);
  function("docSyncPersisting", &docSyncPersisting);
  function("docSyncDirty", &docSyncDirty);
}
