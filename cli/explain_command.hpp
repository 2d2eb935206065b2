#pragma once
#include "cli/subcommand.hpp"

namespace osescan::cli {
// `osescan explain ID[/OUTCOME]`: why a check matters, how to fix it, its references
// (report/explain_text.hpp). An unknown id or outcome is a usage error (exit 2).
Subcommand add_explain_command(CLI::App& parent);
}  // namespace osescan::cli
