#pragma once
// tls.certificate.revocation: has the CA revoked a certificate the server sends? Asked of
// each certificate's OCSP responder (RFC 6960, AIA) and, when that gives no usable answer,
// of its CRL (RFC 5280 section 5, CRL distribution points).

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_revocation_check();
std::vector<Finding> check_certificate_revocation(const facts::TargetFacts& facts);

}  // namespace osescan::checks::certificate
