#include "common/number_checks.h"

#include "common/json.h"

namespace ms {

std::string describeNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return Json(value).dump();
}

}  // namespace ms
