#pragma once
// Ids in the order they were first added, as a JavaScript object keeps its
// keys: adding an id already present keeps its place; removing and adding
// it again moves it to the end. Removal is O(1) (a hole, compacted once
// holes outnumber ids), so per-participant updates stay cheap.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace ms::allocation {

class InsertionOrder {
 public:
  void add(uint32_t id);
  void remove(uint32_t id);
  bool contains(uint32_t id) const { return id < position_.size() && position_[id] != kNone; }

  template <class Visit>
  void forEach(Visit&& visit) const {
    for (uint32_t id : order_) {
      if (id != kNone) visit(id);
    }
  }

 private:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  void compact();
  std::vector<uint32_t> order_;     // ids, with kNone for removed ones
  std::vector<uint32_t> position_;  // per id, its index in order_ or kNone
  std::size_t holes_ = 0;
};

}  // namespace ms::allocation
