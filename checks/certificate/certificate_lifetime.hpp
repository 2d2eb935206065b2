#pragma once
// tls.certificate.lifetime: is the leaf's validity period within the CA/Browser Forum
// maximum in force on its notBefore date?

#include <cstdint>

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_lifetime_check();
std::vector<Finding> check_certificate_lifetime(const facts::TargetFacts& facts);

// Baseline Requirements §6.3.2: the validity period in days, notBefore through notAfter
// inclusive, where any part of a day beyond whole 86,400-second days counts as a day.
int64_t validity_days(int64_t not_before, int64_t not_after);
// The maximum validity (days) for a subscriber certificate issued at `not_before`.
int max_validity_days(int64_t not_before);

}  // namespace osescan::checks::certificate
