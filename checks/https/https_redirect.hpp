#pragma once
// https.redirect: does plain HTTP (port 80) send visitors straight to HTTPS on the same
// host, or serve nothing at all?

#include "checks/check.hpp"

namespace osescan::checks::https {

const Check& https_redirect_check();
std::vector<Finding> check_https_redirect(const facts::TargetFacts& facts);

}  // namespace osescan::checks::https
