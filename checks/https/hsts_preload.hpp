#pragma once
// hsts.preload: would the browsers' HSTS preload list (hstspreload.org) accept the site?

#include "checks/check.hpp"

namespace osescan::checks::https {

const Check& hsts_preload_check();
std::vector<Finding> check_hsts_preload(const facts::TargetFacts& facts);

}  // namespace osescan::checks::https
