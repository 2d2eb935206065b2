#pragma once
// JUnit XML for CI test dashboards (GitLab, Jenkins, GitHub test reporters): one
// <testsuite> per target, one <testcase> per finding (check and subject). fail -> <failure>,
// error -> <error>, not_applicable -> <skipped>, pass and info pass, warn as configured
// (--junit-warn failure|pass|skipped). A finding a --policy ignores is <skipped> with the
// reason; bad --targets lines are one <error> test case each in an "input" suite.
// Every text goes through xml_escape().

#include <optional>
#include <string>
#include <string_view>

#include "report/report_model.hpp"

namespace osescan::report {

enum class JunitWarn { failure, pass, skipped };

std::optional<JunitWarn> junit_warn_from_name(std::string_view name);  // "failure", "pass", "skipped"

// Text safe in XML 1.0 element content and attribute values: & < > " ' as entities,
// characters XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone
// surrogates) and invalid UTF-8 shown as visible escapes or U+FFFD.
std::string xml_escape(std::string_view text);

std::string render_junit_report(const ScanReport& report, JunitWarn warn);

}  // namespace osescan::report
