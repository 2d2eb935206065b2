#include "checks/certificate/certificate_key.hpp"

#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.key";

std::string upper(std::string text) {
    for (char& c : text)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return text;
}

// The engine reports NIST names; accept the SEC 2 / X9.62 aliases too.
std::string nist_curve_name(const std::string& curve) {
    const std::string name = upper(curve);
    if (name == "P-256" || name == "SECP256R1" || name == "PRIME256V1") return "P-256";
    if (name == "P-384" || name == "SECP384R1") return "P-384";
    if (name == "P-521" || name == "SECP521R1") return "P-521";
    if (name == "P-224" || name == "SECP224R1") return "P-224";
    return curve;
}

}  // namespace

// NCSC-NL TLS guidelines 2025-05 (certificate keys), as internet.nl applies them, with
// RSA 2048-3071 and P-224 reported as warnings (being phased out).
KeyRating rate_key(const facts::Certificate& certificate) {
    const std::string type = upper(certificate.key_type);
    if (type == "RSA" || type == "RSA-PSS") {
        const std::string description = "RSA " + std::to_string(certificate.key_bits) + " bits";
        if (certificate.key_bits >= 3072) return {Rating::good, description};
        if (certificate.key_bits >= 2048) return {Rating::sufficient, description};
        return {Rating::insufficient, description};
    }
    if (type == "EC") {
        const std::string curve = nist_curve_name(certificate.curve);
        const std::string description = "EC " + common::display_text(curve, 40);
        if (curve == "P-256" || curve == "P-384" || curve == "P-521") return {Rating::good, description};
        if (curve == "P-224") return {Rating::sufficient, description};
        return {Rating::insufficient, description};
    }
    if (type == "ED25519" || type == "ED448") return {Rating::good, certificate.key_type};
    if (type == "DSA") return {Rating::insufficient, "DSA " + std::to_string(certificate.key_bits) + " bits"};
    return {Rating::insufficient, "unsupported key type " + common::display_text(certificate.key_type, 40)};
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
        entry["key_type"] = common::evidence_text(certificate.key_type);
        entry["key_bits"] = certificate.key_bits;
        if (!certificate.curve.empty()) entry["curve"] = common::evidence_text(certificate.curve);
        const bool judged = !is_sent_trust_anchor(certificate, i);
        entry["judged"] = judged;
        if (judged) {
            const KeyRating rating = rate_key(certificate);
            entry["rating"] = rating_name(rating.rating);
            worst.add(rating.rating, chain_role(certificate, i) + " " + rating.description);
        }
        certificates.push_back(std::move(entry));
    }

    nlohmann::json evidence{{"endpoint", endpoint}, {"certificates", std::move(certificates)}};
    return conclude_worst(check_id, at.subject, endpoint, worst, {"strong-keys", "sufficient-keys", "weak-keys"},
                          rate_key(chain.front()).description, std::move(evidence));
}

}  // namespace

std::vector<Finding> judge_certificate_key(const facts::TargetFacts& facts, const std::string& check_id,
                                           common::EndpointSource source) {
    return judge_served_chains(facts, check_id, source,
                               [&](const common::TlsEndpoint& at) { return judge_endpoint(facts, check_id, at); });
}

std::vector<Finding> check_certificate_key(const facts::TargetFacts& facts) {
    return judge_certificate_key(facts, k_id, common::web_endpoints);
}

const Check& certificate_key_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate key strength",
            .scored = true,
            .needs_name = false,
            .why = "The certificate's public key is what proves the server is genuine. A key "
                   "that is too small can be broken with enough computing power, letting an "
                   "attacker impersonate the site. RSA keys of 2048 bits are still accepted "
                   "but are being phased out; elliptic-curve keys (P-256, Ed25519) are "
                   "stronger and faster.",
            .fix = "Generate a new key, either ECDSA P-256 (recommended, widely supported) "
                   "or RSA with at least 3072 bits, request a new certificate for it, and "
                   "install it. Intermediates with weak keys are the CA's: switch to the "
                   "CA's current chain or another CA.",
            .snippets = {{"shell (certbot)",
                          "certbot certonly --key-type ecdsa --elliptic-curve secp256r1 -d example.com\n"
                          "# or RSA: certbot certonly --key-type rsa --rsa-key-size 3072 -d example.com"},
                         {"nginx",
                          "# nginx can serve an ECDSA and an RSA certificate side by side\n"
                          "ssl_certificate     /etc/ssl/example.com/ecdsa-fullchain.pem;\n"
                          "ssl_certificate_key /etc/ssl/example.com/ecdsa-privkey.pem;\n"
                          "ssl_certificate     /etc/ssl/example.com/rsa3072-fullchain.pem;\n"
                          "ssl_certificate_key /etc/ssl/example.com/rsa3072-privkey.pem;"},
                         {"Apache",
                          "# Apache also accepts one ECDSA and one RSA certificate pair\n"
                          "SSLCertificateFile    /etc/ssl/example.com/ecdsa-fullchain.pem\n"
                          "SSLCertificateKeyFile /etc/ssl/example.com/ecdsa-privkey.pem\n"
                          "SSLCertificateFile    /etc/ssl/example.com/rsa3072-fullchain.pem\n"
                          "SSLCertificateKeyFile /etc/ssl/example.com/rsa3072-privkey.pem"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (certificate keys)",
                      "https://english.ncsc.nl/publications/publications/2025/06/26/"
                      "security-guidelines-for-transport-layer-security-2025-05"},
                     {"NIST SP 800-57 Part 1 Rev. 5 §5.6 (key sizes)", "https://doi.org/10.6028/NIST.SP.800-57pt1r5"},
                     {"RFC 8422 (ECC cipher suites and curves for TLS)", "https://www.rfc-editor.org/rfc/rfc8422"}},
            .facts = {"dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"strong-keys", Status::pass, "The certificate keys of {endpoint} are strong (leaf {leaf})"},
                 {"sufficient-keys", Status::warn,
                  "Certificate keys on {endpoint} are sufficient but below the recommended strength: {names}"},
                 {"weak-keys", Status::fail, "Certificate keys on {endpoint} are too weak: {names}"}}),
        },
        check_certificate_key};
    return check;
}

}  // namespace osescan::checks::certificate
