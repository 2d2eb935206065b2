#include "checks/certificate/certificate_trust.hpp"

#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.trust";

// OpenSSL's X509_V_ERR_* values (stable ABI numbers, see openssl/x509_vfy.h). Checks may
// not include OpenSSL headers, so the few that get their own wording are named here.
namespace verify_code {
constexpr int unable_to_get_issuer_cert = 2;
constexpr int cert_signature_failure = 7;
constexpr int depth_zero_self_signed_cert = 18;
constexpr int self_signed_cert_in_chain = 19;
constexpr int unable_to_get_issuer_cert_locally = 20;
constexpr int unable_to_verify_leaf_signature = 21;
constexpr int cert_revoked = 23;
constexpr int invalid_ca = 24;
constexpr int invalid_purpose = 26;
}  // namespace verify_code

constexpr std::string_view k_untrusted = "Untrusted certificate on {endpoint}: {reason} ({message}, code {code})";

struct Explanation {
    std::string outcome;
    std::string reason;  // plain words
};

Explanation explain(const facts::TlsHandshake& handshake) {
    const facts::Certificate& top = handshake.chain.back();
    switch (handshake.verify_code) {
        case verify_code::depth_zero_self_signed_cert:
            return {"self-signed",
                    "the certificate is self-signed: it was not issued by a certificate authority, "
                    "so browsers cannot trust it"};
        case verify_code::self_signed_cert_in_chain:
            return {"untrusted-root",
                    "the chain ends in a root certificate (" + common::display_text(top.subject) +
                        ") that is not in the trust store: a private or unknown CA"};
        case verify_code::unable_to_get_issuer_cert:
        case verify_code::unable_to_get_issuer_cert_locally:
        case verify_code::unable_to_verify_leaf_signature:
            return {"issuer-not-found",
                    "the issuer of " + common::display_text(top.subject) +
                        " was not sent and is not a trusted root: the server did not send the "
                        "intermediate certificate(s), or the certificate comes from a CA that is "
                        "not publicly trusted"};
        case verify_code::cert_signature_failure:
            return {"bad-signature", "a certificate's signature does not verify with its issuer's key"};
        case verify_code::cert_revoked:
            return {"revoked", "a certificate in the chain is revoked"};
        case verify_code::invalid_ca:
            return {"invalid-ca", "a certificate that issued another one is not allowed to act as a CA"};
        case verify_code::invalid_purpose:
            return {"wrong-purpose", "a certificate in the chain may not be used for TLS servers"};
        default:
            return {"untrusted", "the chain does not verify against the trust store"};
    }
}

Finding judge_endpoint(const facts::TargetFacts& facts, const std::string& check_id, const common::TlsEndpoint& at,
                       PkixRule rule) {
    const ServedChain served = served_chain(facts, check_id, at);
    if (served.problem) return *served.problem;
    const facts::TlsHandshake& handshake = *served.handshake;
    const std::string& endpoint = at.label;

    nlohmann::json chain = nlohmann::json::array();
    for (size_t i = 0; i < handshake.chain.size(); ++i) {
        nlohmann::json identity = certificate_identity(handshake.chain[i], i);
        identity["self_signed"] = handshake.chain[i].self_signed;
        chain.push_back(std::move(identity));
    }
    nlohmann::json evidence{{"endpoint", endpoint},
                            {"verify_ok", handshake.verify_ok},
                            {"verify_code", handshake.verify_code},
                            {"verify_message", common::evidence_text(handshake.verify_message)},
                            {"chain_length", handshake.chain.size()},
                            {"chain", std::move(chain)}};
    if (handshake.verify_ok)
        return common::conclude(check_id, at.subject, "trusted", {{"endpoint", endpoint}}, std::move(evidence));
    const Explanation explanation = explain(handshake);
    evidence["reason"] = explanation.reason;
    return conclude_pkix_failure(facts, check_id, at, rule, explanation.outcome,
                                 {{"endpoint", endpoint},
                                  {"reason", explanation.reason},
                                  {"message", common::display_text(handshake.verify_message)},
                                  {"code", handshake.verify_code}},
                                 std::move(evidence));
}

}  // namespace

std::vector<Finding> judge_certificate_trust(const facts::TargetFacts& facts, const std::string& check_id,
                                             common::EndpointSource source, PkixRule rule) {
    return judge_served_chains(facts, check_id, source, [&](const common::TlsEndpoint& at) {
        return judge_endpoint(facts, check_id, at, rule);
    });
}

std::vector<Finding> check_certificate_trust(const facts::TargetFacts& facts) {
    return judge_certificate_trust(facts, k_id, common::web_endpoints, nullptr);
}

const Check& certificate_trust_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate trusted",
            .scored = true,
            .needs_name = false,
            .why = "Browsers only accept a certificate that a trusted certificate authority "
                   "vouches for, through a chain of certificates the server sends. If the "
                   "chain is incomplete or ends in an unknown authority, visitors get a "
                   "full-page security warning, and those who click through learn to ignore "
                   "warnings that might be real attacks. Some clients (apps, scripts, other "
                   "servers) simply refuse to connect.",
            .fix = "Use a certificate from a publicly trusted CA (for example Let's Encrypt), "
                   "and configure the server with the full chain: your certificate followed "
                   "by the intermediate certificate(s), usually the file called fullchain.pem "
                   "or 'certificate + CA bundle'. The root itself need not be sent. Reload the "
                   "server after changing it.",
            .snippets = {{"nginx",
                          "# the certificate file must contain the leaf AND the intermediates\n"
                          "ssl_certificate     /etc/letsencrypt/live/example.com/fullchain.pem;\n"
                          "ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;"},
                         {"Apache",
                          "# Apache 2.4.8+: leaf followed by the intermediates in one file\n"
                          "SSLCertificateFile    /etc/letsencrypt/live/example.com/fullchain.pem\n"
                          "SSLCertificateKeyFile /etc/letsencrypt/live/example.com/privkey.pem"}},
            .refs = {{"RFC 8446 §4.4.2 (the certificate chain a server sends)",
                      "https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2"},
                     {"RFC 5280 §6 (certification path validation)",
                      "https://www.rfc-editor.org/rfc/rfc5280#section-6"},
                     {"NCSC-NL TLS guidelines 2025-05 (certificates)",
                      "https://english.ncsc.nl/publications/publications/2025/06/26/"
                      "security-guidelines-for-transport-layer-security-2025-05"}},
            .facts = {"dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"trusted", Status::pass, "The certificate chain of {endpoint} leads to a trusted root"},
                 // The chain does not verify: one outcome per reason (explain()), worded alike.
                 blocking({"self-signed", Status::fail, k_untrusted}),
                 blocking({"untrusted-root", Status::fail, k_untrusted}),
                 blocking({"issuer-not-found", Status::fail, k_untrusted}),
                 blocking({"bad-signature", Status::fail, k_untrusted}),
                 blocking({"revoked", Status::fail, k_untrusted}),
                 blocking({"invalid-ca", Status::fail, k_untrusted}),
                 blocking({"wrong-purpose", Status::fail, k_untrusted}),
                 blocking({"untrusted", Status::fail, k_untrusted})}),
        },
        check_certificate_trust};
    return check;
}

}  // namespace osescan::checks::certificate
