#include "cli/app.hpp"

#include "osescan_version.hpp"

#include <cstdio>

namespace osescan::cli {
int run_app(int, char**) {
    std::puts("osescan " OSESCAN_VERSION);
    return 0;
}
}  // namespace osescan::cli
