// Identity: keys from seeds, password-sealed key records, signatures bound
// to one write, and encryption with personal and shared keys.
#include <catch2/catch.hpp>

#include <utility>

#include "common/input_error.h"
#include "identity/alias_sign_in.h"
#include "identity/encoding.h"
#include "identity/field_signature.h"
#include "identity/identity_error.h"
#include "identity/key_record.h"
#include "identity/sealing.h"
#include "identity/user_keys.h"

using namespace ms::identity;
using ms::Json;

namespace {

Bytes filled(std::size_t size, std::uint8_t first) {
  Bytes bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(first + i);
  return bytes;
}

UserKeys alice() { return userKeysFromSeed(filled(32, 1)); }
UserKeys bob() { return userKeysFromSeed(filled(32, 100)); }

IdentityError::Kind failureOf(const Json& record, const std::string& password) {
  try {
    openKeyRecord(record, password);
  } catch (const IdentityError& error) {
    return error.kind();
  }
  FAIL("the record opened");
  return IdentityError::Kind::BadRecord;
}

}  // namespace

TEST_CASE("base64url round-trips and refuses other alphabets") {
  Bytes bytes = filled(33, 250);
  std::string text = toBase64Url(bytes);
  CHECK(text.find_first_of("+/=") == std::string::npos);
  CHECK(fromBase64Url(text, "x") == bytes);
  CHECK_THROWS_AS(fromBase64Url("ab+/", "x"), ms::InputError);
  CHECK_THROWS_AS(fromBase64Url(text, "x", 32), ms::InputError);
}

TEST_CASE("user keys follow from the seed alone") {
  UserKeys a = alice();
  CHECK(a.pub() == alice().pub());
  CHECK(a.epub() == alice().epub());
  CHECK(a.pub() != bob().pub());
  CHECK(a.pub().size() == 43);
  CHECK(a.sign.public_key == signingKeyPairFromSeed(filled(32, 1)).public_key);
  CHECK(a.boxPublic != a.sign.public_key);
  CHECK(publicKeyOfPub(a.pub()) == a.sign.public_key);
  CHECK_THROWS_AS(userKeysFromSeed(filled(31, 0)), ms::InputError);
}

TEST_CASE("a key record opens with its password only") {
  Json record = sealKeyRecord(alice(), "correct horse", testKdfCost(), filled(16, 7), filled(24, 9));
  CHECK(record["pub"] == alice().pub());
  CHECK(record.dump().find(toBase64Url(alice().seed)) == std::string::npos);  // the seed is not in the clear
  UserKeys opened = openKeyRecord(record, "correct horse");
  CHECK(opened.seed == alice().seed);
  CHECK(failureOf(record, "correct horsE") == IdentityError::Kind::WrongPassword);
  CHECK(failureOf(record, "") == IdentityError::Kind::WrongPassword);
}

TEST_CASE("changing the password: the old one stops working") {
  Json before = sealKeyRecord(alice(), "old", testKdfCost(), filled(16, 1), filled(24, 1));
  Json after = sealKeyRecord(openKeyRecord(before, "old"), "new", testKdfCost(), filled(16, 2), filled(24, 2));
  CHECK(openKeyRecord(after, "new").pub() == alice().pub());
  CHECK(failureOf(after, "old") == IdentityError::Kind::WrongPassword);
}

TEST_CASE("tampered or hostile key records are refused without obeying them") {
  Json record = sealKeyRecord(alice(), "pw", testKdfCost(), filled(16, 3), filled(24, 4));
  Json otherPub = record;
  otherPub["pub"] = bob().pub();  // re-attaching the record to another identity breaks its authentication
  CHECK_THROWS_AS(openKeyRecord(otherPub, "pw"), IdentityError);
  Json greedy = record;
  greedy["mem"] = std::uint64_t{1} << 40;  // a terabyte: must not be attempted
  CHECK(failureOf(greedy, "pw") == IdentityError::Kind::BadRecord);
  Json slow = record;
  slow["ops"] = 1000000;
  CHECK(failureOf(slow, "pw") == IdentityError::Kind::BadRecord);
  // Costs above the costliest this package writes (interactive) are refused
  // before any key derivation (which would end in WrongPassword, the costs
  // being part of the key): 16 passes over 512 MiB would take seconds.
  for (auto [ops, mem] : {std::pair<std::uint64_t, std::uint64_t>{16, 512u << 20}, {interactiveKdfCost().operations + 1, interactiveKdfCost().memoryBytes},
                          {interactiveKdfCost().operations, interactiveKdfCost().memoryBytes + 1}}) {
    Json bomb = record;
    bomb["ops"] = ops;
    bomb["mem"] = mem;
    CHECK(failureOf(bomb, "pw") == IdentityError::Kind::BadRecord);
  }
  for (const char* field : {"salt", "nonce", "sealed", "pub", "kdf", "v"}) {
    Json broken = record;
    broken.erase(field);
    INFO(field);
    CHECK(failureOf(broken, "pw") == IdentityError::Kind::BadRecord);
  }
  Json badSalt = record;
  badSalt["salt"] = "!!";
  CHECK(failureOf(badSalt, "pw") == IdentityError::Kind::BadRecord);
  CHECK(failureOf(Json::array(), "pw") == IdentityError::Kind::BadRecord);
}

TEST_CASE("a write signature covers owner, soul, field, value and state, and nothing else verifies") {
  UserKeys a = alice();
  SignedWrite write{"~" + a.pub() + "/profile", "name", "Alice", 1732000000000.5, a.pub()};
  std::string signature = signWrite(write, a.sign.secret_key);
  CHECK(verifyWrite(write, signature));

  auto replayed = [&](auto change) {
    SignedWrite other = write;
    change(other);
    return verifyWrite(other, signature);
  };
  CHECK_FALSE(replayed([](SignedWrite& w) { w.field = "role"; }));
  CHECK_FALSE(replayed([](SignedWrite& w) { w.value = "Mallory"; }));
  CHECK_FALSE(replayed([](SignedWrite& w) { w.soul += "x"; }));
  CHECK_FALSE(replayed([](SignedWrite& w) { w.state += 1; }));
  CHECK_FALSE(replayed([&](SignedWrite& w) { w.owner = bob().pub(); }));
  // Length prefixes: moving a character between soul and field changes the message.
  CHECK_FALSE(replayed([](SignedWrite& w) { w.soul.pop_back(); w.field = "e" + w.field; }));
  CHECK_FALSE(verifyWrite(write, signWrite(write, bob().sign.secret_key)));
  CHECK_FALSE(verifyWrite(write, "not base64 !"));
  CHECK_FALSE(verifyWrite(write, ""));
}

TEST_CASE("signed values are typed: \"5\" and 5 differ, -0 and 0 do not") {
  UserKeys a = alice();
  SignedWrite text{"~" + a.pub(), "n", "5", 1, a.pub()};
  SignedWrite number{"~" + a.pub(), "n", 5, 1, a.pub()};
  SignedWrite link{"~" + a.pub(), "n", Json{{"#", "5"}}, 1, a.pub()};
  CHECK(signedWriteMessage(text) != signedWriteMessage(number));
  CHECK(signedWriteMessage(text) != signedWriteMessage(link));
  SignedWrite zero{"s", "f", 0.0, 0.0, "o"};
  SignedWrite negativeZero{"s", "f", -0.0, -0.0, "o"};
  CHECK(signedWriteMessage(zero) == signedWriteMessage(negativeZero));
  SignedWrite nullValue{"s", "f", nullptr, 1, "o"};
  SignedWrite falseValue{"s", "f", false, 1, "o"};
  CHECK(signedWriteMessage(nullValue) != signedWriteMessage(falseValue));
  CHECK_THROWS_AS(signedWriteMessage(SignedWrite{"s", "f", Json::array(), 1, "o"}), ms::InputError);
  CHECK_THROWS_AS(signedWriteMessage(SignedWrite{"s", "f", 1, std::nan(""), "o"}), ms::InputError);
}

TEST_CASE("personal encryption round-trips; a wrong key or an altered text fails") {
  Bytes key = personalKey(alice());
  CHECK(key == personalKey(alice()));
  CHECK(key != personalKey(bob()));
  std::string secret("diary \0 with a NUL and \x01 controls", 35);
  std::string sealed = seal(secret, key, filled(24, 5));
  CHECK(sealed.rfind("x1.", 0) == 0);
  CHECK(unseal(sealed, key) == secret);
  CHECK_THROWS_AS(unseal(sealed, personalKey(bob())), IdentityError);
  std::string altered = sealed;
  altered[altered.size() - 2] = altered[altered.size() - 2] == 'A' ? 'B' : 'A';
  CHECK_THROWS_AS(unseal(altered, key), IdentityError);
  CHECK_THROWS_AS(unseal("plain text", key), ms::InputError);
}

TEST_CASE("two users derive the same shared secret; a third does not") {
  UserKeys a = alice(), b = bob(), c = userKeysFromSeed(filled(32, 200));
  Bytes ab = sharedSecret(a, b.epub());
  CHECK(ab == sharedSecret(b, a.epub()));
  CHECK(ab != sharedSecret(c, a.epub()));
  CHECK(unseal(seal("hi bob", ab, filled(24, 0)), sharedSecret(b, a.epub())) == "hi bob");
  CHECK_THROWS_AS(sharedSecret(a, "short"), ms::InputError);
}

TEST_CASE("sign-in by alias finds the owner's record among any number of strangers' at the cost of one derivation") {
  const std::string alias = "carol";
  UserKeys carol = userKeysFromSeed(filled(32, 7));
  Json carolsRecord = sealKeyRecord(carol, "carol's pw", testKdfCost(), aliasSalt(alias), filled(24, 8));
  std::vector<Json> records;
  for (std::uint8_t i = 0; i < 16; ++i) {
    UserKeys stranger = userKeysFromSeed(filled(32, static_cast<std::uint8_t>(40 + i)));
    // Half squat with the alias's own salt and cost; half with other salts at
    // the costliest allowed setting, which sign-in must not run sixteen times.
    bool sameSalt = i % 2 == 0;
    records.push_back(sealKeyRecord(stranger, "stranger", sameSalt ? testKdfCost() : interactiveKdfCost(),
                                    sameSalt ? aliasSalt(alias) : filled(16, i), filled(24, i)));
  }
  Json bomb = records[1];
  bomb["ops"] = 16;
  bomb["mem"] = 512u << 20;
  records.push_back(bomb);
  records.push_back(Json("not a record"));
  records.push_back(carolsRecord);
  AliasSignIn signedIn = signInByAlias(records, alias, "carol's pw");
  CHECK(signedIn.index == records.size() - 1);
  CHECK(signedIn.keys.pub() == carol.pub());
  try {
    signInByAlias(records, alias, "guess");
    FAIL("a wrong password opened a record");
  } catch (const IdentityError& error) {
    CHECK(error.kind() == IdentityError::Kind::WrongPassword);
  }
  // The salt belongs to the alias: another alias's salt differs.
  CHECK(aliasSalt("carol") != aliasSalt("Carol"));
  CHECK(aliasSalt("carol").size() == 16);
}

TEST_CASE("records sealed with a random salt still sign in, a bounded number of them") {
  UserKeys dave = userKeysFromSeed(filled(32, 9));
  std::vector<Json> records{sealKeyRecord(dave, "pw", testKdfCost(), filled(16, 1), filled(24, 2))};
  CHECK(signInByAlias(records, "dave", "pw").keys.pub() == dave.pub());
  std::vector<Json> crowded;
  for (std::uint8_t i = 0; i < kMaxOtherDerivations; ++i) {
    crowded.push_back(sealKeyRecord(userKeysFromSeed(filled(32, static_cast<std::uint8_t>(60 + i))), "x", testKdfCost(), filled(16, i), filled(24, i)));
  }
  crowded.push_back(records[0]);
  CHECK_THROWS_AS(signInByAlias(crowded, "dave", "pw"), IdentityError);
}
