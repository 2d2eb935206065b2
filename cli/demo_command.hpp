#pragma once
#include "cli/subcommand.hpp"

namespace osescan::cli {
// `osescan demo`: scans the offline demo world (examples/world). Placeholder for now.
Subcommand add_demo_command(CLI::App& parent);
}  // namespace osescan::cli
