#pragma once
// The certificate chain an endpoint serves, shared by the certificate checks: a web address
// in the default handshake (common::default_tls), an MX address in the handshake after
// STARTTLS of the SMTP conversation mail.starttls asks for (facts::SmtpSession::tls).
//
// Which certificates are judged: every certificate the server sends, except a self-signed
// certificate in a position other than the leaf. That one is a trust anchor (root) the
// server happens to send; clients use their own copy from their trust store, so its key,
// signature and dates do not matter (RFC 8446 §4.4.2 lets servers omit it). A self-signed
// LEAF is judged like any leaf.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/common/tls_endpoints.hpp"
#include "checks/finding.hpp"
#include "checks/outcome.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::certificate {

struct ServedChain {
    const facts::TlsHandshake* handshake = nullptr;  // accepted, with at least one certificate
    std::optional<Finding> problem;                  // set instead when the chain cannot be judged (status error)
};

// The default handshake with `address`; a probe error, a refused handshake or an empty
// chain give `problem` (an `error` finding: the certificate could not be seen).
ServedChain served_chain(const facts::TargetFacts& facts, const std::string& check_id, const std::string& address);

ServedChain served_chain(const facts::TargetFacts& facts, const std::string& check_id,
                         const common::TlsEndpoint& endpoint);

// The request whose handshake served_chain reads for the endpoint.
facts::Request handshake_request(const facts::TargetFacts& facts, const common::TlsEndpoint& endpoint);

// One finding per endpoint of `source` (and the list's own findings), the handshakes of all
// endpoints asked for in one round.
std::vector<Finding> judge_served_chains(const facts::TargetFacts& facts, const std::string& check_id,
                                         common::EndpointSource source, const common::EndpointJudge& judge);

// Whether a client must reject a chain it cannot verify or a certificate not valid for the
// name: always on the web; for SMTP only when the domain's MTA-STS policy or a DANE-TA TLSA
// record requires it (otherwise TLS is opportunistic, RFC 7435, and a sender delivers anyway).
struct PkixRequirement {
    bool required = true;
    // Required, but senders still deliver when the check fails (MTA-STS mode testing, RFC
    // 8461 §5): a fail that does not block the service (the "-testing" twin).
    bool reported_only = false;
    std::string rule;                          // which rule applied, in words ("" on the web)
    std::optional<facts::ProbeError> unknown;  // could not tell (then the finding is an error)
};
using PkixRule = PkixRequirement (*)(const facts::TargetFacts& facts, const common::TlsEndpoint& endpoint);
// The suffix of the info twin of a failure outcome that no rule requires ("self-signed" ->
// "self-signed-opportunistic"): declared by mail.tls.certificate.trust and .name.
inline constexpr std::string_view k_opportunistic_suffix = "-opportunistic";
// The suffix of the non-blocking fail twin when only an MTA-STS policy in mode testing
// requires the check ("self-signed" -> "self-signed-testing").
inline constexpr std::string_view k_testing_suffix = "-testing";

// The finding for the failure `outcome` of a trust or name check at `endpoint`: the outcome
// itself when `rule` (nullptr: the web, always) requires it, else its info twin; which rule
// applied is the parameter and evidence `rule`. An unknown requirement is an error finding.
Finding conclude_pkix_failure(const facts::TargetFacts& facts, const std::string& check_id,
                              const common::TlsEndpoint& endpoint, PkixRule rule, const std::string& outcome,
                              nlohmann::json params, nlohmann::json evidence);

// `own` and the outcomes served_chain concludes for the check (the handshake was refused,
// no certificate was sent): every certificate check declares them.
std::vector<Outcome> with_served_chain_outcomes(std::vector<Outcome> own);

// A root the server sends along (see above): not judged by key/signature/validity.
bool is_sent_trust_anchor(const facts::Certificate& certificate, size_t position);

// "leaf", "intermediate", "root" (a sent trust anchor).
std::string chain_role(const facts::Certificate& certificate, size_t position);

// Who a certificate is, for evidence: its position and role in the chain, and under
// "certificate" its subject, issuer and sha256. The certificate checks each list the chain;
// kept apart, that one object is the same in all of them (and on every address serving the
// chain), so the JSON report writes it once per target (report/evidence_pool.hpp).
nlohmann::json certificate_identity(const facts::Certificate& certificate, size_t position);

}  // namespace osescan::checks::certificate
