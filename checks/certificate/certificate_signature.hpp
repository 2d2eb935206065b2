#pragma once
// tls.certificate.signature: are the served certificates signed with a strong hash?

#include "checks/check.hpp"
#include "checks/certificate/chain_rating.hpp"

namespace osescan::checks::certificate {

const Check& certificate_signature_check();
std::vector<Finding> check_certificate_signature(const facts::TargetFacts& facts);

struct SignatureRating {
    Rating rating;
    std::string description;  // "SHA-256", "EdDSA (ED25519)", "SHA-1"
};
SignatureRating rate_signature(const facts::Certificate& certificate);

}  // namespace osescan::checks::certificate
