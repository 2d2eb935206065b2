#pragma once
// mail.mta_sts: whether sending mail servers find an MTA-STS policy (RFC 8461) that makes
// them insist on authenticated TLS to every MX host of the domain.

#include <vector>

#include "checks/check.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

CheckInfo mta_sts_info();
std::vector<Finding> check_mta_sts(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
