#pragma once
// The allocation data's schemas (the seed's Zod schemas, as JSON Schema),
// compiled once and looked up by name.
#include <string>
#include <vector>

#include "schema/compiled_schema.h"

namespace ms::schema {

// "VectorClock", "RoundState", "Commitment", "TwoTierAllocationState",
// "CapacityFilter", "RecognitionWeights".
const std::vector<std::string>& builtinSchemaNames();
// The JSON Schema document of a built-in (keys sorted); throws std::out_of_range for other names.
const Json& builtinJsonSchema(const std::string& name);
const CompiledSchema& builtinSchema(const std::string& name);

}  // namespace ms::schema
