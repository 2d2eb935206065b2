#pragma once
// tls.certificate.transparency: does the server show Signed Certificate Timestamps
// (RFC 6962 section 3.3) for its certificate: in the certificate, in the TLS extension or
// in the stapled OCSP response?

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_transparency_check();
std::vector<Finding> check_certificate_transparency(const facts::TargetFacts& facts);

}  // namespace osescan::checks::certificate
