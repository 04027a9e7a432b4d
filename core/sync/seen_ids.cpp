#include "sync/seen_ids.h"

namespace ms::sync {

bool SeenIds::firstTime(const std::string& id) {
  if (ids_.count(id)) return false;
  ids_.insert(id);
  order_.push_back(id);
  if (order_.size() > capacity_) {
    ids_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

}  // namespace ms::sync
