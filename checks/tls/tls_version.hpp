#pragma once
// tls.version: which protocol versions does every web address accept?

#include "checks/check.hpp"

namespace osescan::checks::tls {

const Check& tls_version_check();
std::vector<Finding> check_tls_version(const facts::TargetFacts& facts);

}  // namespace osescan::checks::tls
