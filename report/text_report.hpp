#pragma once
// The text report, for people at a terminal: per target a header with the overall score,
// then the findings grouped by family, one line each: status symbol and word, check
// title, subject and summary. Everything printed passes through terminal_safe().

#include <string>

#include "checks/finding.hpp"
#include "report/report_model.hpp"

namespace osescan::report {

struct TextOptions {
    bool colour = false;   // ANSI colours (the caller decides: see use_colour())
    bool verbose = false;  // add evidence, and explanation + remediation of warn/fail
};

// The colour decision (https://no-color.org/): colour only on a terminal, and never when
// NO_COLOR is set to a non-empty value. `no_color_env` is getenv("NO_COLOR").
bool use_colour(bool stdout_is_tty, const char* no_color_env);

// "PASS", "INFO", "WARN", "FAIL", "ERR ", "N/A ": four columns wide.
std::string status_word(checks::Status status);

// One target's section; the CLI prints it as soon as the target is done.
std::string render_target_text(const checks::TargetResult& result, const TextOptions& options);

// The closing lines of a scan: targets, status totals and time taken.
std::string render_scan_footer_text(const ScanReport& report, const TextOptions& options);

// The whole report: every target's section, then the footer.
std::string render_text_report(const ScanReport& report, const TextOptions& options);

}  // namespace osescan::report
