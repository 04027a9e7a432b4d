#include "identity/encoding.h"

#include <sodium.h>

#include "common/input_error.h"

namespace ms::identity {

std::string toBase64Url(const Bytes& bytes) {
  ensureSodium();
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
  text.resize(text.size() - 1);  // the encoder writes a terminating NUL
  return text;
}

Bytes fromBase64Url(std::string_view text, const std::string& field) {
  ensureSodium();
  Bytes bytes(text.size() * 3 / 4 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  int status = sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length, &end,
                                 sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  if (status != 0 || end != text.data() + text.size()) throwTypeError(field, "is not URL-safe base64");
  bytes.resize(length);
  return bytes;
}

Bytes fromBase64Url(std::string_view text, const std::string& field, std::size_t size) {
  Bytes bytes = fromBase64Url(text, field);
  if (bytes.size() != size) throwRangeError(field, "must encode " + std::to_string(size) + " bytes");
  return bytes;
}

}  // namespace ms::identity
