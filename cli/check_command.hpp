#pragma once
#include "cli/check_options.hpp"
#include "cli/subcommand.hpp"

namespace osescan::cli {

// `osescan check TARGET... [options]`: scan (or replay --from-facts), report, gate.
Subcommand add_check_command(CLI::App& parent);

// Runs a check command whose options are already parsed; returns the exit code.
int run_check_command(const CheckOptions& options);

}  // namespace osescan::cli
