#pragma once
// mail.mx: the MX set (RFC 5321 §5.1), null MX (RFC 7505), and whether each MX host
// resolves to addresses without CNAMEs or IP literals (RFC 2181 §10.3, RFC 5321 §5.1).

#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

std::vector<Finding> check_mx(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
