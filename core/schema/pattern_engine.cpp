#include "schema/pattern_engine.h"

namespace ms::schema {
namespace {
PatternEngine* installed = nullptr;
}

PatternEngine* patternEngine() { return installed; }
void installPatternEngine(PatternEngine* engine) { installed = engine; }

}  // namespace ms::schema
