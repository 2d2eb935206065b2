#pragma once
// dane.web: the TLSA records of the web service (RFC 6698, RFC 7671), DNSSEC-validated by
// the project's own resolver, compared with the certificate chain each web address serves.

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& dane_web_check();
std::vector<Finding> check_dane_web(const facts::TargetFacts& facts);

}  // namespace osescan::checks::certificate
