#include "allocation/vector_clock.h"

#include <algorithm>

#include "common/json_fields.h"

namespace ms::allocation {

namespace {
double counter(const Json& clock, const std::string& key) {
  auto it = clock.find(key);
  return it == clock.end() ? 0.0 : it->get<double>();
}
}  // namespace

void validateVectorClock(const Json& clock, const char* field) {
  readObject(clock, field);
  for (const auto& [key, value] : clock.items()) readCount(value, fieldPath(field, key));
}

int compareVectorClocks(const Json& a, const Json& b) {
  validateVectorClock(a, "a");
  validateVectorClock(b, "b");
  bool aAhead = false;
  bool bAhead = false;
  auto visit = [&](const std::string& key) {
    const double x = counter(a, key);
    const double y = counter(b, key);
    if (x > y) aAhead = true;
    if (y > x) bAhead = true;
  };
  for (const auto& [key, _] : a.items()) visit(key);
  for (const auto& [key, _] : b.items()) visit(key);
  if (aAhead && !bAhead) return 1;
  if (bAhead && !aAhead) return -1;
  return 0;
}

Json mergeVectorClocks(const Json& a, const Json& b) {
  validateVectorClock(a, "a");
  validateVectorClock(b, "b");
  Json merged = a;
  for (const auto& [key, value] : b.items()) {
    if (!merged.contains(key) || value.get<double>() > merged[key].get<double>()) merged[key] = value;
  }
  return merged;
}

Json incrementVectorClock(const Json& clock, const std::string& self) {
  validateVectorClock(clock, "clock");
  Json next = clock;
  next[self] = static_cast<uint64_t>(counter(clock, self)) + 1;
  return next;
}

}  // namespace ms::allocation
