#pragma once
// tls.certificate.validity: is every served certificate within its validity period, and is
// the leaf far enough from expiry?

#include "checks/certificate/served_chain.hpp"
#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_validity_check();
std::vector<Finding> check_certificate_validity(const facts::TargetFacts& facts);

// The judgement over any endpoints: tls.certificate.validity (web) and mail.tls.certificate.validity (MX).
std::vector<Finding> judge_certificate_validity(const facts::TargetFacts& facts, const std::string& check_id,
                                                common::EndpointSource source);

// A leaf expiring within this many days (inclusive) is a warning.
inline constexpr int64_t k_expiry_warning_days = 14;

}  // namespace osescan::checks::certificate
