#pragma once
// The certificate chain a web address serves in the default handshake (common::default_tls),
// shared by the certificate checks.
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

#include "checks/finding.hpp"
#include "checks/outcome.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::certificate {

struct ServedChain {
    const facts::TlsHandshake* handshake = nullptr;  // accepted, with at least one certificate
    std::optional<Finding> problem;  // set instead when the chain cannot be judged (status error)
};

// The default handshake with `address`; a probe error, a refused handshake or an empty
// chain give `problem` (an `error` finding: the certificate could not be seen).
ServedChain served_chain(const facts::TargetFacts& facts, const std::string& check_id,
                         const std::string& address);

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
