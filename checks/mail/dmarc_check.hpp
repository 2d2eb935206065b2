#pragma once
// mail.dmarc: the DMARC policy a receiver finds for the domain (RFC 9989 §4.10).

#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

std::vector<Finding> check_dmarc(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
