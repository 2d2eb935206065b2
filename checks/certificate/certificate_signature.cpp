#include "checks/certificate/certificate_signature.hpp"

#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.signature";

// "sha256", "SHA256", "SHA2-256" -> "SHA256"; "SHA-1" -> "SHA1".
std::string canonical_hash(const std::string& name) {
    std::string out;
    for (const char c : name) {
        if (c == '-' || c == '_' || c == ' ') continue;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    if (out.rfind("SHA2", 0) == 0 && out.size() == 7) out.erase(3, 1);  // SHA2256 -> SHA256
    return out;
}

}  // namespace

// SHA-2 (256/384/512) or EdDSA: good; SHA-224: sufficient; SHA-1, MD5 and anything this
// list does not know: insufficient (NCSC-NL 2025-05; RFC 9155 forbids MD5 and SHA-1 in TLS
// signatures). EdDSA has no separate hash: the engine reports "" and the algorithm name.
SignatureRating rate_signature(const facts::Certificate& certificate) {
    const std::string hash = canonical_hash(certificate.signature_hash);
    const std::string algorithm = canonical_hash(certificate.signature_algorithm);
    if (hash.empty() && (algorithm == "ED25519" || algorithm == "ED448"))
        return {Rating::good, "EdDSA (" + certificate.signature_algorithm + ")"};
    if (hash == "SHA256" || hash == "SHA384" || hash == "SHA512") return {Rating::good, "SHA-" + hash.substr(3)};
    if (hash == "SHA224") return {Rating::sufficient, "SHA-224"};
    if (hash == "SHA1") return {Rating::insufficient, "SHA-1"};
    if (hash.empty())
        return {Rating::insufficient,
                "unrecognised algorithm " + common::display_text(certificate.signature_algorithm, 40)};
    return {Rating::insufficient, common::display_text(certificate.signature_hash, 40)};
}

namespace {

Finding judge_endpoint(const facts::TargetFacts& facts, const std::string& check_id, const common::TlsEndpoint& at) {
    const ServedChain served = served_chain(facts, check_id, at);
    if (served.problem) return *served.problem;
    const std::vector<facts::Certificate>& chain = served.handshake->chain;
    const std::string& endpoint = at.label;

    WorstRating worst;
    nlohmann::json certificates = nlohmann::json::array();
    for (size_t i = 0; i < chain.size(); ++i) {
        const facts::Certificate& certificate = chain[i];
        nlohmann::json entry = certificate_identity(certificate, i);
        entry["signature_algorithm"] = common::evidence_text(certificate.signature_algorithm);
        entry["signature_hash"] = common::evidence_text(certificate.signature_hash);
        // A root's own signature is never checked by clients: they trust its key directly.
        const bool judged = !is_sent_trust_anchor(certificate, i);
        entry["judged"] = judged;
        if (judged) {
            const SignatureRating rating = rate_signature(certificate);
            entry["rating"] = rating_name(rating.rating);
            worst.add(rating.rating, chain_role(certificate, i) + " " + rating.description);
        }
        certificates.push_back(std::move(entry));
    }

    nlohmann::json evidence{{"endpoint", endpoint}, {"certificates", std::move(certificates)}};
    return conclude_worst(check_id, at.subject, endpoint, worst, {"strong-hashes", "sha224-hash", "weak-hash"},
                          rate_signature(chain.front()).description, std::move(evidence));
}

}  // namespace

std::vector<Finding> judge_certificate_signature(const facts::TargetFacts& facts, const std::string& check_id,
                                                 common::EndpointSource source) {
    return judge_served_chains(facts, check_id, source,
                               [&](const common::TlsEndpoint& at) { return judge_endpoint(facts, check_id, at); });
}

std::vector<Finding> check_certificate_signature(const facts::TargetFacts& facts) {
    return judge_certificate_signature(facts, k_id, common::web_endpoints);
}

const Check& certificate_signature_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate signature hash",
            .scored = true,
            .needs_name = false,
            .why = "A CA vouches for a certificate by signing a hash of it. With a broken "
                   "hash such as SHA-1 or MD5, attackers can craft a different certificate "
                   "with the same hash (this has been done in practice), so the signature no "
                   "longer proves anything. Browsers reject such certificates.",
            .fix = "Have the certificate (and, if needed, the intermediates) reissued with a "
                   "SHA-256 or stronger signature; every public CA does this by default "
                   "today, so simply renewing usually fixes it. For your own CA, sign with "
                   "-sha256 or an Ed25519/ECDSA key.",
            .snippets = {{"shell (own CA, OpenSSL)",
                          "openssl x509 -req -sha256 -in site.csr -CA ca.pem -CAkey ca.key "
                          "-CAcreateserial -days 365 -out site.pem"},
                         {"nginx", "# after reissuing: ssl_certificate /etc/ssl/example.com/fullchain.pem;"},
                         {"Apache", "# after reissuing: SSLCertificateFile /etc/ssl/example.com/fullchain.pem"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (hash functions)",
                      "https://english.ncsc.nl/publications/publications/2025/06/26/"
                      "security-guidelines-for-transport-layer-security-2025-05"},
                     {"RFC 9155 (MD5 and SHA-1 deprecated in TLS 1.2 signatures)",
                      "https://www.rfc-editor.org/rfc/rfc9155"},
                     {"SHAttered: a practical SHA-1 collision", "https://shattered.io/"}},
            .facts = {"dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"strong-hashes", Status::pass,
                  "The certificates of {endpoint} are signed with strong hashes (leaf {leaf})"},
                 {"sha224-hash", Status::warn,
                  "Certificates on {endpoint} are signed with a hash being phased out: {names}"},
                 {"weak-hash", Status::fail, "Certificates on {endpoint} are signed with a weak hash: {names}"}}),
        },
        check_certificate_signature};
    return check;
}

}  // namespace osescan::checks::certificate
