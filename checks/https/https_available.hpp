#pragma once
// https.available: does every web address complete a TLS handshake on the HTTPS port and
// answer an HTTPS request?

#include "checks/check.hpp"

namespace osescan::checks::https {

const Check& https_available_check();
std::vector<Finding> check_https_available(const facts::TargetFacts& facts);

}  // namespace osescan::checks::https
