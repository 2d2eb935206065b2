#pragma once
// `osescan explain ID[/OUTCOME]`: a check's catalogue texts for people at a terminal — the
// title, why it matters, how to fix (with the configuration snippets) and the references,
// the same texts the HTML report shows when a row is opened.

#include <string>
#include <string_view>

#include "checks/check.hpp"

namespace osescan::report {

// With `outcome` (nullptr for the check as a whole): that outcome's status, whether it is
// blocking, its line and its own advice where it has one. Without: every declared outcome.
std::string render_explanation(const checks::CheckInfo& info, const checks::Outcome* outcome,
                               std::string_view outcome_code);

}  // namespace osescan::report
