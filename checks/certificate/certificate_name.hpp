#pragma once
// tls.certificate.name: is the served certificate valid for the host name?

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_name_check();
std::vector<Finding> check_certificate_name(const facts::TargetFacts& facts);

}  // namespace osescan::checks::certificate
