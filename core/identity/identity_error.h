#pragma once
// Failures of identity operations that are not bad input but a "no":
// a wrong password, a record that does not open, a refused signature.
#include <stdexcept>
#include <string>

namespace ms::identity {

class IdentityError : public std::runtime_error {
 public:
  enum class Kind { WrongPassword, BadRecord, DecryptionFailed };
  IdentityError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace ms::identity
