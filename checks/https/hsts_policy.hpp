#pragma once
// hsts.policy: does the first HTTPS response carry a valid Strict-Transport-Security
// header with a long enough max-age (RFC 6797)?

#include "checks/check.hpp"

namespace osescan::checks::https {

const Check& hsts_policy_check();
std::vector<Finding> check_hsts_policy(const facts::TargetFacts& facts);

// One year: the minimum internet.nl and the HSTS preload list ask for.
inline constexpr uint64_t k_hsts_min_max_age = 31536000;

}  // namespace osescan::checks::https
