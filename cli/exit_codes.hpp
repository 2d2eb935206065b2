#pragma once
// Process exit codes of `osescan` (also printed by `osescan --help` and listed in
// cli/README.md). CI pipelines key on them: keep the numbers stable.

namespace osescan::cli::exit_code {

// The scan completed and no finding is at or above the --fail-on level.
inline constexpr int ok = 0;
// The scan completed and some finding is at or above the --fail-on level (default: fail;
// severity order not_applicable < pass < info < warn < fail < error, checks/finding.hpp).
inline constexpr int findings = 1;
// Usage or input error: bad option, invalid target, unknown --only/--skip term,
// unreadable or malformed --from-facts file. Nothing was scanned.
inline constexpr int usage = 2;
// The scan could not run or its results could not be written: no resolver reachable,
// unreadable --ca-file or --trust-anchor, report or facts file not writable.
inline constexpr int cannot_run = 3;

// The --help footer.
inline constexpr const char* k_help_text =
    "Exit codes:\n"
    "  0  scan completed, no finding at or above --fail-on\n"
    "  1  scan completed, some finding at or above --fail-on\n"
    "     (order: pass < info < warn < fail < error)\n"
    "  2  usage or input error (bad option or target, unreadable --from-facts file)\n"
    "  3  the scan could not run or write its results (e.g. no resolver reachable,\n"
    "     unreadable --ca-file, report file not writable)";

}  // namespace osescan::cli::exit_code
