#pragma once

namespace osescan::cli {
// Parses the command line and runs the chosen subcommand; returns the process exit code
// (see cli/exit_codes.hpp).
int run_app(int argc, char** argv);
}  // namespace osescan::cli
