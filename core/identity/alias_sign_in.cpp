#include "identity/alias_sign_in.h"

#include <sodium.h>

#include <optional>

#include "identity/identity_error.h"
#include "identity/signing.h"

namespace ms::identity {
namespace {

bool sameCost(KdfCost a, KdfCost b) { return a.operations == b.operations && a.memoryBytes == b.memoryBytes; }

// Wipes a derived key when it goes out of scope, whatever happens.
struct WipedKey {
  Bytes bytes;
  ~WipedKey() { sodium_memzero(bytes.data(), bytes.size()); }
};

std::optional<UserKeys> tryOpen(const KeyRecordParts& parts, const Bytes& key) {
  try {
    return openKeyRecordWith(parts, key);
  } catch (const IdentityError&) {
    return std::nullopt;  // not this account's record, or not this password
  }
}

}  // namespace

Bytes aliasSalt(const std::string& alias) {
  ensureSodium();
  const std::string text = "mutual-store/alias-salt/v1\n" + alias;
  Bytes salt(crypto_pwhash_SALTBYTES);
  crypto_generichash(salt.data(), salt.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return salt;
}

AliasSignIn signInByAlias(const std::vector<Json>& records, const std::string& alias, const std::string& password) {
  const Bytes salt = aliasSalt(alias);
  struct Candidate {
    std::size_t index;
    KeyRecordParts parts;
  };
  std::vector<Candidate> ours, others;
  for (std::size_t i = 0; i < records.size() && i < kMaxSignInCandidates; ++i) {
    try {
      KeyRecordParts parts = parseKeyRecord(records[i]);
      bool packageCost = sameCost(parts.cost, interactiveKdfCost()) || sameCost(parts.cost, testKdfCost());
      (parts.salt == salt && packageCost ? ours : others).push_back({i, std::move(parts)});
    } catch (const IdentityError&) {
      // a malformed record under the alias: nothing to try
    }
  }
  for (KdfCost cost : {interactiveKdfCost(), testKdfCost()}) {
    std::optional<WipedKey> key;  // derived only when some record needs it
    for (const Candidate& candidate : ours) {
      if (!sameCost(candidate.parts.cost, cost)) continue;
      if (!key) key = WipedKey{deriveRecordKey(password, salt, cost)};
      if (auto keys = tryOpen(candidate.parts, key->bytes)) return {candidate.index, std::move(*keys)};
    }
  }
  std::size_t derivations = 0;
  for (const Candidate& candidate : others) {
    if (derivations++ == kMaxOtherDerivations) break;
    WipedKey key{deriveRecordKey(password, candidate.parts.salt, candidate.parts.cost)};
    if (auto keys = tryOpen(candidate.parts, key.bytes)) return {candidate.index, std::move(*keys)};
  }
  throw IdentityError(IdentityError::Kind::WrongPassword, "wrong password");
}

}  // namespace ms::identity
