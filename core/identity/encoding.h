#pragma once
// Printable encodings of keys, salts and signatures: URL-safe base64 without
// padding (what `pub` strings look like) and hex.
#include <string>
#include <string_view>

#include "identity/signing.h"

namespace ms::identity {

std::string toBase64Url(const Bytes& bytes);
// Throws ms::InputError (Type) naming `field` when `text` is not URL-safe base64.
Bytes fromBase64Url(std::string_view text, const std::string& field);
// As fromBase64Url, and the result must be exactly `size` bytes (Range error otherwise).
Bytes fromBase64Url(std::string_view text, const std::string& field, std::size_t size);

}  // namespace ms::identity
