#pragma once
// --fail-on (and a policy's "fail_on"): the lowest finding status that makes
// `osescan check` exit 1, and the one gate rule both use.

#include <optional>
#include <string_view>
#include <vector>

#include "checks/finding.hpp"

namespace osescan::report {

enum class FailOn { warn, fail, error, never };

std::optional<FailOn> fail_on_from_name(std::string_view name);  // "warn", "fail", "error", "never"
std::string_view fail_on_name(FailOn level);

// The worst status a level still accepts: warn -> info (a warn trips the gate),
// fail -> warn, error -> fail, never -> error (nothing trips it).
checks::Status worst_accepted_for_fail_on(FailOn level);

// The gate rule: a status beyond the worst accepted one (in checks::severity order).
bool breaks_gate(checks::Status status, checks::Status worst_accepted);

// True when some finding breaks the gate of `level`.
bool gate_trips(const std::vector<checks::TargetResult>& results, FailOn level);

}  // namespace osescan::report
