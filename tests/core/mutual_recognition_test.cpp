// Mutual recognition, including self-recognition.
#include <catch2/catch.hpp>

#include <cmath>

#include "allocation/mutual_recognition.h"
#include "common/input_error.h"

using ms::Json;
using namespace ms::allocation;

TEST_CASE("MR is the smaller of the two recognitions; missing counts as 0") {
  Json mine = Json::parse(R"({"bob": 0.4, "carol": 0.3})");
  CHECK(mutualRecognition("alice", "bob", mine, Json::parse(R"({"alice": 0.6})")) == 0.4);
  CHECK(mutualRecognition("alice", "carol", mine, Json::parse(R"({"alice": 0.2})")) == 0.2);
  CHECK(mutualRecognition("alice", "dave", mine, Json::parse(R"({"alice": 0.9})")) == 0);
  CHECK(mutualRecognition("alice", "bob", mine, Json::object()) == 0);
}

TEST_CASE("self-recognition is my own weight for myself") {
  Json mine = Json::parse(R"({"alice": 0.3, "bob": 0.7})");
  CHECK(mutualRecognition("alice", "alice", mine, mine) == 0.3);
}

TEST_CASE("all MR values: everyone I recognise, then everyone recognising me, zeros included (worked example 3)") {
  Json mine = Json::parse(R"({"alice": 0.3, "bob": 0.4, "carol": 0.3})");
  Json network = Json::parse(R"({"bob": {"alice": 0.6}, "carol": {"alice": 0.2}, "dave": {"alice": 0.5}, "erin": {"bob": 1}})");
  Json mr = allMutualRecognition("alice", mine, network);
  CHECK(mr.dump() == R"({"alice":0.3,"bob":0.4,"carol":0.2,"dave":0.0})");
}

TEST_CASE("weights must be finite numbers >= 0") {
  CHECK_THROWS_AS(validateWeights(Json::parse(R"({"a": -0.1})"), "weights"), ms::InputError);
  CHECK_THROWS_AS(validateWeights(Json::parse(R"({"a": "0.1"})"), "weights"), ms::InputError);
  CHECK_THROWS_AS(validateWeights(Json::parse(R"([0.1])"), "weights"), ms::InputError);
  CHECK_NOTHROW(validateWeights(Json::parse(R"({"a": 0, "b": 1})"), "weights"));
}

// Every place in the core that pairs two weights (the per-participant call,
// the live network, the simulations) goes through this one formula.
TEST_CASE("the MR formula: the smaller weight, my own for myself, std::min's choice on ties") {
  CHECK(mutualRecognitionOf(0.4, 0.6, false) == 0.4);
  CHECK(mutualRecognitionOf(0.4, 0.2, false) == 0.2);
  CHECK(mutualRecognitionOf(0.4, 0.0, false) == 0.0);
  CHECK(mutualRecognitionOf(0.3, 0.0, true) == 0.3);  // self: the other weight does not count
  CHECK(mutualRecognitionOf(0.3, 0.9, true) == 0.3);
  // A tie keeps my weight, bit for bit (0 and -0 compare equal).
  CHECK(!std::signbit(mutualRecognitionOf(0.0, -0.0, false)));
  CHECK(std::signbit(mutualRecognitionOf(-0.0, 0.0, false)));
}
