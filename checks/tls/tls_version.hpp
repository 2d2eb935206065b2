#pragma once
// tls.version: which protocol versions does every web address accept?

#include "checks/check.hpp"
#include "checks/tls/tls_scan_view.hpp"

namespace osescan::checks::tls {

const Check& tls_version_check();
std::vector<Finding> check_tls_version(const facts::TargetFacts& facts);
const ScanJudgement& version_judgement();  // mail.tls.version judges the MX endpoints with it

}  // namespace osescan::checks::tls
