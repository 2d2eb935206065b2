#pragma once
// tls.certificate.validity: is every served certificate within its validity period, and is
// the leaf far enough from expiry?

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_validity_check();
std::vector<Finding> check_certificate_validity(const facts::TargetFacts& facts);

// A leaf expiring within this many days (inclusive) is a warning.
inline constexpr int64_t k_expiry_warning_days = 14;

}  // namespace osescan::checks::certificate
