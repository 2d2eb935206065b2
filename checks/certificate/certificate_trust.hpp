#pragma once
// tls.certificate.trust: does the served chain lead to a publicly trusted root?

#include "checks/certificate/served_chain.hpp"
#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_trust_check();
std::vector<Finding> check_certificate_trust(const facts::TargetFacts& facts);

// The judgement over any endpoints: tls.certificate.trust (web, rule nullptr: always required)
// and mail.tls.certificate.trust (MX, the rule says whether MTA-STS or DANE requires it).
std::vector<Finding> judge_certificate_trust(const facts::TargetFacts& facts, const std::string& check_id,
                                             common::EndpointSource source, PkixRule rule);

}  // namespace osescan::checks::certificate
