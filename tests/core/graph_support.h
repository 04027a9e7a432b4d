#pragma once
// Test data in wire form: a partial graph of one node whose fields all
// carry the same state.
#include <string>

#include "common/json.h"

namespace ms::test {

inline Json node(const std::string& soul, const Json& fields, double state) {
  Json out = fields;
  out["_"] = {{"#", soul}, {">", Json::object()}};
  for (const auto& [key, _] : fields.items()) out["_"][">"][key] = state;
  return Json{{soul, out}};
}

}  // namespace ms::test
