#pragma once
// mail.spf: the domain's SPF policy as a receiver evaluates it (RFC 7208).

#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

std::vector<Finding> check_spf(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
