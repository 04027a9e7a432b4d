#include "allocation/insertion_order.h"

namespace ms::allocation {

void InsertionOrder::add(uint32_t id) {
  if (contains(id)) return;
  if (id >= position_.size()) position_.resize(std::size_t(id) + 1, kNone);
  position_[id] = static_cast<uint32_t>(order_.size());
  order_.push_back(id);
}

void InsertionOrder::remove(uint32_t id) {
  if (!contains(id)) return;
  order_[position_[id]] = kNone;
  position_[id] = kNone;
  if (++holes_ * 2 > order_.size()) compact();
}

void InsertionOrder::compact() {
  std::size_t kept = 0;
  for (uint32_t id : order_) {
    if (id == kNone) continue;
    position_[id] = static_cast<uint32_t>(kept);
    order_[kept++] = id;
  }
  order_.resize(kept);
  holes_ = 0;
}

}  // namespace ms::allocation
