#include "identity/field_signature.h"

#include <cmath>
#include <cstring>

#include "common/input_error.h"
#include "identity/encoding.h"
#include "identity/user_keys.h"
#include "identity/verified_signatures.h"

namespace ms::identity {
namespace {

constexpr char kDomain[] = "mutual-store/write/v1";

void appendLength(Bytes& out, std::size_t length) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(length >> shift));
}

void appendPart(Bytes& out, std::string_view part) {
  appendLength(out, part.size());
  out.insert(out.end(), part.begin(), part.end());
}

// 8 bytes, big-endian IEEE 754: the same double always gives the same bytes
// (text would depend on number formatting). -0 is written as 0.
void appendDouble(Bytes& out, double x) {
  if (x == 0) x = 0;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(bits >> shift));
}

// A type tag, then the value: the string "5" and the number 5 sign differently.
void appendValue(Bytes& out, const Json& value) {
  if (value.is_null()) {
    out.push_back('z');
  } else if (value.is_boolean()) {
    out.push_back(value.get<bool>() ? 't' : 'f');
  } else if (value.is_number()) {
    double x = value.get<double>();
    if (!std::isfinite(x)) throwRangeError("value", "must be a finite number");
    out.push_back('n');
    appendDouble(out, x);
  } else if (value.is_string()) {
    out.push_back('s');
    appendPart(out, value.get_ref<const std::string&>());
  } else if (value.is_object() && value.size() == 1 && value.contains("#") && value["#"].is_string()) {
    out.push_back('l');
    appendPart(out, value["#"].get_ref<const std::string&>());
  } else {
    throwTypeError("value", "must be null, a boolean, a finite number, a string or a link {\"#\": soul}");
  }
}

}  // namespace

Bytes signedWriteMessage(const SignedWrite& write) {
  if (!std::isfinite(write.state)) throwRangeError("state", "must be a finite number");
  Bytes message(kDomain, kDomain + sizeof kDomain);  // includes the terminating NUL as a separator
  appendPart(message, write.owner);
  appendPart(message, write.soul);
  appendPart(message, write.field);
  appendValue(message, write.value);
  appendDouble(message, write.state);
  return message;
}

std::string signWrite(const SignedWrite& write, const Bytes& secretKey) {
  return toBase64Url(sign(signedWriteMessage(write), secretKey));
}

bool verifyWrite(const SignedWrite& write, const std::string& signature) {
  Bytes publicKey;
  Bytes signatureBytes;
  try {
    publicKey = publicKeyOfPub(write.owner);
    signatureBytes = fromBase64Url(signature, "signature", 64);
  } catch (const InputError&) {
    return false;  // a malformed owner or signature never verifies
  }
  return verifyRemembered(signatureBytes, signedWriteMessage(write), publicKey);
}

}  // namespace ms::identity
