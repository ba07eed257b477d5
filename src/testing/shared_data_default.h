// The shared test data folder configured at build time (TAMIS_SHARED_DATA_DEFAULT in CMake,
// ../shared/data beside the checkout by default). Defined in a generated source file so that no
// other compile line carries the checkout's absolute path.
#pragma once

namespace tamis::testing {
const char* SharedDataDefault();
}  // namespace tamis::testing
