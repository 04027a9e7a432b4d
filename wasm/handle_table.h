#pragma once
// The objects the bindings keep for JS (peers, sync clients, relays, live
// networks, store syncs): JS holds a handle number, never a pointer, so a
// stale or made-up handle is an error rather than a read of freed memory.
#include <map>
#include <memory>
#include <stdexcept>

namespace ms::wasm {

template <class T>
class HandleTable {
 public:
  // `gone`: the error's text when a handle names nothing (closed, destroyed).
  explicit HandleTable(const char* gone) : gone_(gone) {}

  // Keeps `item`; handles count up from 1 and are never reused.
  int add(std::unique_ptr<T> item) {
    int handle = next_++;
    items_.emplace(handle, std::move(item));
    return handle;
  }

  // Throws std::runtime_error(gone) when `handle` names nothing.
  T& at(int handle) const {
    T* item = find(handle);
    if (!item) throw std::runtime_error(gone_);
    return *item;
  }

  T* find(int handle) const {
    auto found = items_.find(handle);
    return found == items_.end() ? nullptr : found->second.get();
  }

  void erase(int handle) { items_.erase(handle); }

 private:
  std::map<int, std::unique_ptr<T>> items_;
  int next_ = 1;
  const char* gone_;
};

}  // namespace ms::wasm
