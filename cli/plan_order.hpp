#pragma once
// A live scan hands targets back as they complete; the reports list them in the order the
// user gave (the plan's order).

#include <vector>

#include "checks/finding.hpp"
#include "facts/facts.hpp"

namespace osescan::cli {

// Puts `results` in the order of `order` (the first equal target's position); results
// whose target is not in `order` go last, in the order they came. Stable, and linear in
// the number of targets (batch lists have tens of thousands).
void sort_by_plan_order(std::vector<checks::TargetResult>& results, const std::vector<facts::Target>& order);

}  // namespace osescan::cli
