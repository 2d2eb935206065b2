#pragma once
// tls.ocsp_stapling: does the server staple a valid OCSP response for its certificate
// (RFC 6066 section 8, RFC 6960)?

#include "checks/check.hpp"

namespace osescan::checks::tls {

const Check& tls_ocsp_stapling_check();
std::vector<Finding> check_tls_ocsp_stapling(const facts::TargetFacts& facts);

}  // namespace osescan::checks::tls
