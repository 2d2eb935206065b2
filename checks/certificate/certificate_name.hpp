#pragma once
// tls.certificate.name: is the served certificate valid for the host name?

#include "checks/certificate/served_chain.hpp"
#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_name_check();
std::vector<Finding> check_certificate_name(const facts::TargetFacts& facts);

// The judgement over any endpoints: tls.certificate.name (web, rule nullptr: always required)
// and mail.tls.certificate.name (MX, the rule says whether MTA-STS or DANE requires it).
std::vector<Finding> judge_certificate_name(const facts::TargetFacts& facts, const std::string& check_id,
                                            common::EndpointSource source, PkixRule rule);

}  // namespace osescan::checks::certificate
