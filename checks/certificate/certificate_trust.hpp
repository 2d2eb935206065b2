#pragma once
// tls.certificate.trust: does the served chain lead to a publicly trusted root?

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_trust_check();
std::vector<Finding> check_certificate_trust(const facts::TargetFacts& facts);

}  // namespace osescan::checks::certificate
