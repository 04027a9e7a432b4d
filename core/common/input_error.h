#pragma once
// Errors for bad input at the core's public functions. They carry the kind
// (so the JS layer can raise TypeError or RangeError) and name the field.
#include <stdexcept>
#include <string>

namespace ms {

class InputError : public std::invalid_argument {
 public:
  enum class Kind { Type, Range };
  InputError(Kind kind, const std::string& field, const std::string& problem)
      : std::invalid_argument(field + " " + problem), kind_(kind), field_(field) {}
  Kind kind() const { return kind_; }
  const std::string& field() const { return field_; }

 private:
  Kind kind_;
  std::string field_;
};

[[noreturn]] inline void throwTypeError(const std::string& field, const std::string& problem) {
  throw InputError(InputError::Kind::Type, field, problem);
}
[[noreturn]] inline void throwRangeError(const std::string& field, const std::string& problem) {
  throw InputError(InputError::Kind::Range, field, problem);
}

}  // namespace ms
