#pragma once
// How an OCSP or CRL answer (facts::RevocationAnswer) shows in evidence and texts; shared
// by tls.ocsp_stapling and tls.certificate.revocation.

#include <string>

#include <nlohmann/json.hpp>

#include "facts/certificate_status.hpp"

namespace osescan::checks::certificate {

// {status, problem, reason, revoked_at, this_update, next_update} with ISO times, only
// the fields that are set.
nlohmann::json answer_evidence(const facts::RevocationAnswer& answer);

// "keyCompromise" or "no reason given"; displayable.
std::string reason_text(const facts::RevocationAnswer& answer);

// Why an answer is unusable, in words: "its signature does not verify", ...
std::string problem_text(const std::string& problem);

}  // namespace osescan::checks::certificate
