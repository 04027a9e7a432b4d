#pragma once
// Range checks for numbers that arrived in flat arrays. They run once per
// element of large inputs, so the field's name is built only on failure.
#include <cmath>
#include <string>

#include "common/input_error.h"

namespace ms {

std::string describeNumber(double value);

template <class FieldName>
void requireNonNegative(double value, FieldName fieldName) {
  if (std::isfinite(value) && value >= 0) return;
  throwRangeError(fieldName(), std::string(std::isfinite(value) ? "must be >= 0" : "must be a finite number") +
                                   " (got " + describeNumber(value) + ")");
}

template <class FieldName>
void requireBetween(double value, double lo, double hi, FieldName fieldName) {
  if (value >= lo && value <= hi) return;
  throwRangeError(fieldName(), "must be between " + describeNumber(lo) + " and " + describeNumber(hi) + " (got " +
                                   describeNumber(value) + ")");
}

}  // namespace ms
