#pragma once
// The HTTP security header checks (family "headers"): each judges the first HTTPS
// response of every web address.

#include "checks/check.hpp"

namespace osescan::checks::headers {

const Check& csp_check();
std::vector<Finding> check_csp(const facts::TargetFacts& facts);

const Check& x_frame_options_check();
std::vector<Finding> check_x_frame_options(const facts::TargetFacts& facts);

const Check& x_content_type_options_check();
std::vector<Finding> check_x_content_type_options(const facts::TargetFacts& facts);

const Check& referrer_policy_check();
std::vector<Finding> check_referrer_policy(const facts::TargetFacts& facts);

const Check& permissions_policy_check();
std::vector<Finding> check_permissions_policy(const facts::TargetFacts& facts);

const Check& cookies_check();
std::vector<Finding> check_cookies(const facts::TargetFacts& facts);

}  // namespace osescan::checks::headers
