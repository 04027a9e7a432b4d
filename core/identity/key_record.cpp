#include "identity/key_record.h"

#include <sodium.h>

#include "common/input_error.h"
#include "identity/encoding.h"
#include "identity/identity_error.h"

namespace ms::identity {
namespace {

constexpr int kVersion = 1;
constexpr const char* kKdfName = "argon2id13";
// Bounds on costs read from a record: the costliest setting this package
// writes (interactive), no more. Anyone can put a record under an alias, and
// sign-in derives a key at the cost the record names: a higher bound would
// let one free record turn every sign-in into seconds of work.
constexpr std::uint64_t kMaxOperations = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMaxMemoryBytes = crypto_pwhash_MEMLIMIT_INTERACTIVE;

[[noreturn]] void badRecord(const std::string& problem) {
  throw IdentityError(IdentityError::Kind::BadRecord, "key record " + problem);
}

Bytes deriveKey(const std::string& password, const Bytes& salt, KdfCost cost) {
  Bytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash(key.data(), key.size(), password.data(), password.size(), salt.data(), cost.operations,
                    cost.memoryBytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory deriving the key from the password");
  }
  return key;
}

std::string associatedData(const std::string& pub, const std::string& epub) { return "mutual-store/keys/v1\n" + pub + "\n" + epub; }

const std::string& stringField(const Json& record, const char* name) {
  auto found = record.find(name);
  if (found == record.end() || !found->is_string()) badRecord(std::string("lacks the string field ") + name);
  return found->get_ref<const std::string&>();
}

std::uint64_t countField(const Json& record, const char* name) {
  auto found = record.find(name);
  bool whole = found != record.end() && (found->is_number_unsigned() || (found->is_number_integer() && found->get<std::int64_t>() >= 0));
  if (!whole) badRecord(std::string("lacks the whole number ") + name);
  return found->get<std::uint64_t>();
}

Bytes bytesField(const Json& record, const char* name, std::size_t size) {
  try {
    return fromBase64Url(stringField(record, name), name, size);
  } catch (const InputError& error) {
    badRecord(std::string("has a malformed ") + name);
  }
}

}  // namespace

KdfCost interactiveKdfCost() { return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }
KdfCost testKdfCost() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Json sealKeyRecord(const UserKeys& keys, const std::string& password, KdfCost cost, const Bytes& salt, const Bytes& nonce) {
  ensureSodium();
  if (salt.size() != crypto_pwhash_SALTBYTES) throwRangeError("salt", "must be 16 bytes");
  if (nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) throwRangeError("nonce", "must be 24 bytes");
  if (cost.operations < crypto_pwhash_OPSLIMIT_MIN || cost.operations > kMaxOperations ||
      cost.memoryBytes < crypto_pwhash_MEMLIMIT_MIN || cost.memoryBytes > kMaxMemoryBytes) {
    throwRangeError("kdf cost", "is outside the supported bounds");
  }
  Bytes key = deriveKey(password, salt, cost);
  std::string ad = associatedData(keys.pub(), keys.epub());
  Bytes sealed(keys.seed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long sealedLength = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &sealedLength, keys.seed.data(), keys.seed.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             nonce.data(), key.data());
  sodium_memzero(key.data(), key.size());
  return Json{{"v", kVersion},          {"kdf", kKdfName},
              {"ops", cost.operations}, {"mem", cost.memoryBytes},
              {"salt", toBase64Url(salt)}, {"nonce", toBase64Url(nonce)},
              {"sealed", toBase64Url(sealed)}, {"pub", keys.pub()},
              {"epub", keys.epub()}};
}

KeyRecordParts parseKeyRecord(const Json& record) {
  if (!record.is_object()) badRecord("is not an object");
  if (countField(record, "v") != kVersion) badRecord("has an unknown version");
  if (stringField(record, "kdf") != kKdfName) badRecord("uses an unknown key derivation");
  KdfCost cost{countField(record, "ops"), static_cast<std::size_t>(countField(record, "mem"))};
  if (cost.operations < crypto_pwhash_OPSLIMIT_MIN || cost.operations > kMaxOperations ||
      cost.memoryBytes < crypto_pwhash_MEMLIMIT_MIN || cost.memoryBytes > kMaxMemoryBytes) {
    badRecord("asks for key derivation costs outside the supported bounds");
  }
  return {cost,
          bytesField(record, "salt", crypto_pwhash_SALTBYTES),
          bytesField(record, "nonce", crypto_aead_xchacha20poly1305_ietf_NPUBBYTES),
          bytesField(record, "sealed", 32 + crypto_aead_xchacha20poly1305_ietf_ABYTES),
          stringField(record, "pub"),
          stringField(record, "epub")};
}

Bytes deriveRecordKey(const std::string& password, const Bytes& salt, KdfCost cost) {
  ensureSodium();
  return deriveKey(password, salt, cost);
}

UserKeys openKeyRecordWith(const KeyRecordParts& parts, const Bytes& key) {
  std::string ad = associatedData(parts.pub, parts.epub);
  Bytes seed(32);
  unsigned long long seedLength = 0;
  int status = crypto_aead_xchacha20poly1305_ietf_decrypt(seed.data(), &seedLength, nullptr, parts.sealed.data(), parts.sealed.size(),
                                                          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                                          parts.nonce.data(), key.data());
  if (status != 0) throw IdentityError(IdentityError::Kind::WrongPassword, "wrong password");
  UserKeys keys = userKeysFromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  // The seed opened, so the record was made by someone who knew it; still, its
  // names must be the keys' own.
  if (keys.pub() != parts.pub || keys.epub() != parts.epub) badRecord("names keys that are not its own");
  return keys;
}

UserKeys openKeyRecord(const Json& record, const std::string& password) {
  ensureSodium();
  KeyRecordParts parts = parseKeyRecord(record);
  Bytes key = deriveKey(password, parts.salt, parts.cost);
  try {
    UserKeys keys = openKeyRecordWith(parts, key);
    sodium_memzero(key.data(), key.size());
    return keys;
  } catch (...) {
    sodium_memzero(key.data(), key.size());
    throw;
  }
}

}  // namespace ms::identity
