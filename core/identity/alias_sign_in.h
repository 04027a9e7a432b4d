#pragma once
// Signing in by alias when anyone may add entries to "~@<alias>".
//
// Accounts this package creates seal their key record with a salt derived
// from the alias (aliasSalt) at one of the two costs it writes (interactive,
// test). Sign-in derives the password key once per such cost and tries every
// record that uses it with one cheap decryption: strangers' entries under the
// alias, however many, cost microseconds each and never another Argon2 run,
// so they can neither slow a sign-in down nor crowd the owner's record out.
// Records with any other salt or cost (sealed with a random salt, or made by
// hand) are tried afterwards, at most kMaxOtherDerivations of them, each a
// full derivation at a cost capped by parseKeyRecord. At most
// kMaxSignInCandidates records are looked at in all.
//
// A salt fixed by the alias lets an attacker start a dictionary against one
// alias before its record exists; anyone can already run that dictionary
// against the record once it is published, so this costs little, and the
// salt is still unique per alias and per package.
#include <cstddef>
#include <string>
#include <vector>

#include "common/json.h"
#include "identity/key_record.h"

namespace ms::identity {

constexpr std::size_t kMaxSignInCandidates = 1024;
constexpr std::size_t kMaxOtherDerivations = 2;

// The 16-byte salt of the key records of accounts under `alias`.
Bytes aliasSalt(const std::string& alias);

struct AliasSignIn {
  std::size_t index;  // which of the records opened
  UserKeys keys;
};

// `records` are the candidates' key records in the alias list's order
// (anything malformed is skipped). Throws IdentityError WrongPassword when
// none opens with `password`.
AliasSignIn signInByAlias(const std::vector<Json>& records, const std::string& alias, const std::string& password);

}  // namespace ms::identity
