#include "graph/ownership.h"

#include "common/input_error.h"
#include "common/json_fields.h"
#include "graph/graph_value.h"
#include "identity/field_signature.h"

namespace ms::graph {

std::string ownerOf(const std::string& soul) {
  if (soul.size() < 2 || soul[0] != '~' || soul[1] == '@') return "";
  std::size_t slash = soul.find('/');
  return soul.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
}

bool isAliasList(const std::string& soul) { return soul.size() > 2 && soul[0] == '~' && soul[1] == '@'; }

namespace {

bool signedBy(const Write& write, const std::string& pub) {
  return !write.data.signature.empty() &&
         identity::verifyWrite({write.soul, write.field, write.data.value, write.data.state, pub}, write.data.signature);
}

}  // namespace

void checkWrite(const Write& write) {
  const std::string where = fieldPath(write.soul, write.field);
  if (isAliasList(write.soul)) {
    const Json& value = write.data.value;
    // An entry links a pub to its space, or is null once the account is deleted.
    if (!value.is_null() && (!isLink(value) || linkedSoul(value) != "~" + write.field)) {
      throwRangeError(where, "write refused: an alias entry must link a pub to its own space");
    }
    if (!signedBy(write, write.field)) throwRangeError(where, "write refused: an alias entry must be signed by the pub it adds");
    return;
  }
  std::string owner = ownerOf(write.soul);
  if (owner.empty()) return;
  if (write.data.signature.empty()) throwRangeError(where, "write refused: unsigned write into the space of " + owner);
  if (!signedBy(write, owner)) throwRangeError(where, "write refused: not signed by " + owner + ", who owns this space");
}

}  // namespace ms::graph
