#pragma once
// tls.certificate.key: are the public keys of the served certificates strong enough?

#include "checks/certificate/chain_rating.hpp"
#include "checks/certificate/served_chain.hpp"
#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& certificate_key_check();
std::vector<Finding> check_certificate_key(const facts::TargetFacts& facts);

// The judgement over any endpoints: tls.certificate.key (web) and mail.tls.certificate.key (MX).
std::vector<Finding> judge_certificate_key(const facts::TargetFacts& facts, const std::string& check_id,
                                           common::EndpointSource source);

// The rule for one key (exposed for tests), with a short reason ("RSA 2048 bits").
struct KeyRating {
    Rating rating;
    std::string description;
};
KeyRating rate_key(const facts::Certificate& certificate);

}  // namespace osescan::checks::certificate
