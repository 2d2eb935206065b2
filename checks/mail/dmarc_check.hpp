#pragma once
// mail.dmarc: the DMARC policy a receiver finds for the domain (RFC 7489 §6.6.3).

#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

std::vector<Finding> check_dmarc(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
