#pragma once
// How a check concludes: it names one of its declared outcomes (CheckInfo::outcomes) and
// gives the values of that outcome's text; status and wording come from the catalogue.

#include <string>
#include <string_view>

#include "checks/finding.hpp"

namespace osescan::checks::common {

// The finding for outcome `outcome` of check `check_id` about `subject`. Throws
// std::logic_error when the check has no such outcome or a parameter of its text is missing
// (the runner turns that into an internal-error finding; the unit tests catch it first).
Finding conclude(std::string_view check_id, std::string subject, std::string_view outcome,
                 nlohmann::json params = nlohmann::json::object(),
                 nlohmann::json evidence = nlohmann::json::object());

// The status of outcome `outcome` of check `check_id`, from its catalogue entry (for logic
// that ranks candidate outcomes before concluding one). Throws std::logic_error when the
// check has no such outcome.
Status outcome_status(std::string_view check_id, std::string_view outcome);

// A probe could not finish: status error, outcome "probe-<kind>", the probe's reason as
// evidence. Never a pass or a fail.
Finding probe_error_finding(std::string check_id, std::string subject, const facts::ProbeError& error,
                            const std::string& what);

// Called with every (check id, outcome) concluded, when set: the unit tests use it to prove
// that each declared outcome is exercised by at least one test.
using OutcomeObserver = void (*)(std::string_view check_id, std::string_view outcome);
void set_outcome_observer(OutcomeObserver observer);

}  // namespace osescan::checks::common
