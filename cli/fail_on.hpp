#pragma once
// --fail-on: the lowest finding status that makes `osescan check` exit 1.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/finding.hpp"

namespace osescan::cli {

enum class FailOn { warn, fail, error, never };

std::optional<FailOn> fail_on_from_name(std::string_view name);  // "warn", "fail", "error", "never"
std::string_view fail_on_name(FailOn level);

// True when some finding's severity (checks::severity) is at or above `level`.
bool gate_trips(const std::vector<checks::TargetResult>& results, FailOn level);

}  // namespace osescan::cli
