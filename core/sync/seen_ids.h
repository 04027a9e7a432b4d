#pragma once
// De-duplication of messages by id with bounded memory: the most recent ids
// are remembered, the oldest forgotten first. Callers remember an id only
// once its message was taken: a forged copy sent first under the same id is
// refused and must not make the genuine message look like a repeat.
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_set>

namespace ms::sync {

class SeenIds {
 public:
  explicit SeenIds(std::size_t capacity = 10000) : capacity_(capacity) {}
  // True the first time an id is offered (while it is remembered).
  bool firstTime(const std::string& id);
  bool contains(const std::string& id) const { return ids_.count(id) > 0; }
  void remember(const std::string& id) { firstTime(id); }
  std::size_t size() const { return order_.size(); }

 private:
  std::size_t capacity_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> ids_;
};

}  // namespace ms::sync
