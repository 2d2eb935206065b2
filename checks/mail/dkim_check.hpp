#pragma once
// mail.dkim: hints that DKIM keys exist (RFC 8020 semantics of _domainkey) and the keys
// of the selectors given with --dkim-selector (RFC 6376 §3.6.1, RFC 8301, RFC 8463).

#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

std::vector<Finding> check_dkim(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
