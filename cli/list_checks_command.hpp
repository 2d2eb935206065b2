#pragma once
#include "cli/subcommand.hpp"

namespace osescan::cli {
// `osescan list-checks [--only LIST] [--skip LIST] [--json]`: the check catalogue.
Subcommand add_list_checks_command(CLI::App& parent);
}  // namespace osescan::cli
