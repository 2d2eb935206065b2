#pragma once
// Small constructors for findings, so every check words the common cases the same way.

#include <string>

#include "checks/finding.hpp"

namespace osescan::checks::common {

Finding make_finding(std::string check_id, std::string subject, Status status, std::string outcome,
                     std::string summary, nlohmann::json evidence = nlohmann::json::object());

// A probe could not finish: status error, outcome "probe-<kind>", the probe's reason as
// evidence. Never a pass or a fail.
Finding probe_error_finding(std::string check_id, std::string subject, const facts::ProbeError& error,
                            const std::string& what);

}  // namespace osescan::checks::common
