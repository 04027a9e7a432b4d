#pragma once
// De-duplication of messages by id with bounded memory: the most recent ids
// are remembered, the oldest forgotten first.
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
  std::size_t size() const { return order_.size(); }

 private:
  std::size_t capacity_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> ids_;
};

}  // namespace ms::sync
