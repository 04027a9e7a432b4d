// Capacity filters: registry predicates over attributes, never code.
#include <catch2/catch.hpp>

#include <optional>
#include <span>
#include <vector>

#include "allocation/filter.h"
#include "common/input_error.h"

using ms::Json;
using ms::allocation::passesFilter;
using ms::allocation::validateFilter;

TEST_CASE("no filter lets everyone through") {
  CHECK(passesFilter(Json::parse(R"({"location": "SF"})"), nullptr));
  CHECK(passesFilter(nullptr, nullptr));
}

TEST_CASE("\"all\": every required attribute must match") {
  Json filter = Json::parse(R"({"filter_fn": "all", "required_attributes": {"location": "SF", "skill": "cook"}})");
  CHECK(passesFilter(Json::parse(R"({"location": "SF", "skill": "cook", "age": 30})"), filter));
  CHECK_FALSE(passesFilter(Json::parse(R"({"location": "SF"})"), filter));
  CHECK_FALSE(passesFilter(Json::parse(R"({"location": "NYC", "skill": "cook"})"), filter));
  CHECK_FALSE(passesFilter(nullptr, filter));
}

TEST_CASE("scalars match equal values or arrays containing them; array requirements need one member") {
  Json scalar = Json::parse(R"({"filter_fn": "all", "required_attributes": {"skills": "cook"}})");
  CHECK(passesFilter(Json::parse(R"({"skills": ["drive", "cook"]})"), scalar));
  CHECK_FALSE(passesFilter(Json::parse(R"({"skills": ["drive"]})"), scalar));
  Json anyOf = Json::parse(R"({"filter_fn": "all", "required_attributes": {"location": ["SF", "Oakland"]}})");
  CHECK(passesFilter(Json::parse(R"({"location": "Oakland"})"), anyOf));
  CHECK(passesFilter(Json::parse(R"({"location": ["LA", "SF"]})"), anyOf));
  CHECK_FALSE(passesFilter(Json::parse(R"({"location": "LA"})"), anyOf));
}

TEST_CASE("values are compared by type: \"5\" is not 5") {
  Json filter = Json::parse(R"({"filter_fn": "all", "required_attributes": {"level": 5}})");
  CHECK(passesFilter(Json::parse(R"({"level": 5})"), filter));
  CHECK_FALSE(passesFilter(Json::parse(R"({"level": "5"})"), filter));
}

TEST_CASE("\"any\": one matching attribute is enough") {
  Json filter = Json::parse(R"({"filter_fn": "any", "required_attributes": {"location": "SF", "skill": "cook"}})");
  CHECK(passesFilter(Json::parse(R"({"location": "NYC", "skill": "cook"})"), filter));
  CHECK_FALSE(passesFilter(Json::parse(R"({"location": "NYC", "skill": "drive"})"), filter));
  Json empty = Json::parse(R"({"filter_fn": "any", "required_attributes": {}})");
  CHECK(passesFilter(Json::parse(R"({})"), empty));
}

TEST_CASE("a missing filter_fn means \"all\"") {
  Json filter = Json::parse(R"({"required_attributes": {"location": "SF"}})");
  CHECK(passesFilter(Json::parse(R"({"location": "SF"})"), filter));
  CHECK_FALSE(passesFilter(Json::parse(R"({"location": "LA"})"), filter));
}

TEST_CASE("unknown predicates and malformed filters are refused: filters are data, never code") {
  CHECK_THROWS_AS(validateFilter(Json::parse(R"({"filter_fn": "(c) => true"})")), ms::InputError);
  CHECK_THROWS_AS(validateFilter(Json::parse(R"({"filter_fn": 5})")), ms::InputError);
  CHECK_THROWS_AS(validateFilter(Json::parse(R"({"filter_fn": "all", "required_attributes": [1]})")), ms::InputError);
  CHECK_THROWS_AS(validateFilter(Json::parse(R"("all")")), ms::InputError);
  CHECK_NOTHROW(validateFilter(nullptr));
  CHECK_NOTHROW(validateFilter(Json::parse(R"({"filter_fn": "any", "required_attributes": {"a": ["x", 1, true]}})")));
}

TEST_CASE("the interned form of the rule agrees with the JSON form") {
  using ms::allocation::InternedFilter;
  using ms::allocation::passesInternedFilter;
  using Have = std::optional<std::span<const uint32_t>>;
  // ids: "SF" 1, "NYC" 2, "cook" 3, 5 → 4, "5" → 5
  std::vector<uint32_t> sf{1}, nyc{2}, sfAndCook{1, 3}, five{4}, fiveText{5};
  InternedFilter all{false, {{1}}};
  CHECK(passesInternedFilter(all, std::vector<Have>{Have(sf)}));
  CHECK(passesInternedFilter(all, std::vector<Have>{Have(sfAndCook)}));
  CHECK_FALSE(passesInternedFilter(all, std::vector<Have>{Have(nyc)}));
  CHECK_FALSE(passesInternedFilter(all, std::vector<Have>{std::nullopt}));
  InternedFilter eitherCity{false, {{1, 2}}};
  CHECK(passesInternedFilter(eitherCity, std::vector<Have>{Have(nyc)}));
  InternedFilter number{false, {{4}}};
  CHECK_FALSE(passesInternedFilter(number, std::vector<Have>{Have(fiveText)}));
  CHECK(passesInternedFilter(number, std::vector<Have>{Have(five)}));
  InternedFilter any{true, {{1}, {3}}};
  CHECK(passesInternedFilter(any, std::vector<Have>{Have(nyc), Have(sfAndCook)}));
  CHECK_FALSE(passesInternedFilter(any, std::vector<Have>{Have(nyc), std::nullopt}));
  CHECK(passesInternedFilter(InternedFilter{true, {}}, std::vector<Have>{}));
  CHECK(passesInternedFilter(InternedFilter{false, {}}, std::vector<Have>{}));
}

// Both forms share one all/any decision: over every pattern of matching
// keys (none to three keys), for both predicates, they answer alike.
TEST_CASE("the JSON and interned forms decide alike for every pattern of matches") {
  using ms::allocation::InternedFilter;
  using ms::allocation::passesInternedFilter;
  using Have = std::optional<std::span<const uint32_t>>;
  std::vector<uint32_t> match{1}, miss{2};
  for (bool any : {false, true}) {
    for (unsigned keys = 0; keys <= 3; ++keys) {
      for (unsigned pattern = 0; pattern < (1u << keys); ++pattern) {
        Json filter = {{"filter_fn", any ? "any" : "all"}, {"required_attributes", Json::object()}};
        Json attributes = Json::object();
        InternedFilter interned{any, {}};
        std::vector<Have> have;
        for (unsigned k = 0; k < keys; ++k) {
          const std::string key = "k" + std::to_string(k);
          const bool matches = pattern & (1u << k);
          filter["required_attributes"][key] = "yes";
          attributes[key] = matches ? "yes" : "no";
          interned.required.push_back({1});
          have.push_back(Have(matches ? match : miss));
        }
        const bool expected = keys == 0 || (any ? pattern != 0 : pattern == (1u << keys) - 1);
        INFO("any " << any << ", keys " << keys << ", pattern " << pattern);
        CHECK(passesFilter(attributes, filter) == expected);
        CHECK(passesInternedFilter(interned, have) == expected);
      }
    }
  }
}
