#pragma once
// tls.certificate.signature: are the served certificates signed with a strong hash?

#include "checks/certificate/chain_rating.hpp"
#include "checks/certificate/served_chain.hpp"
#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_signature_check();
std::vector<Finding> check_certificate_signature(const facts::TargetFacts& facts);

// The judgement over any endpoints: tls.certificate.signature (web) and mail.tls.certificate.signature (MX).
std::vector<Finding> judge_certificate_signature(const facts::TargetFacts& facts, const std::string& check_id,
                                                 common::EndpointSource source);

struct SignatureRating {
    Rating rating;
    std::string description;  // "SHA-256", "EdDSA (ED25519)", "SHA-1"
};
SignatureRating rate_signature(const facts::Certificate& certificate);

}  // namespace osescan::checks::certificate
