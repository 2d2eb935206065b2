// tls.key_exchange, tls.kex_hash and tls.post_quantum: the groups and the TLS 1.2
// signature schemes of each address's key exchange.
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/tls/suite_class.hpp"
#include "checks/tls/tls_scan_checks.hpp"
#include "checks/tls/tls_scan_view.hpp"

namespace osescan::checks::tls {

namespace {

constexpr const char* k_kex = "tls.key_exchange";
constexpr const char* k_hash = "tls.kex_hash";
constexpr const char* k_pq = "tls.post_quantum";
constexpr std::string_view k_ncsc_url =
    "https://english.ncsc.nl/publications/publications/2025/06/26/"
    "security-guidelines-for-transport-layer-security-2025-05";

void add_unique(std::vector<std::string>& list, const std::string& name) {
    for (const std::string& n : list)
        if (n == name) return;
    list.push_back(name);
}

// ---------------------------------------------------------------- tls.key_exchange
// NCSC-NL 2025-05 §3.3.3 as internet.nl applies it. Differences from checks.md: FFDHE with
// the RFC 7919 groups of 3072 bits and more is phase-out (warn), not pass; ffdhe2048 and every
// other 2048-bit group (RFC 3526 MODP) are insufficient (fail), not warn.
Finding judge_kex(const ScanView& view) {
    nlohmann::json per_version = nlohmann::json::object();
    std::vector<std::string> phase_out, insufficient, post_quantum, all;
    bool ephemeral = false;
    for (const std::string& version : view.accepted) {
        if (is_ssl2(version)) continue;
        const facts::TlsScan& scan = view.aspect(facts::tls_scan_aspect::groups, version);
        nlohmann::json groups = nlohmann::json::array();
        for (const facts::TlsCode& group : scan.groups) {
            const std::string name = common::evidence_text(group.name);
            const SecurityClass c = classify_group(group.id);
            groups.push_back({{"name", name}, {"id", hex_id(group.id)}, {"class", class_name(c)}});
            ephemeral = true;
            add_unique(all, name);
            if (c == SecurityClass::phase_out) add_unique(phase_out, name);
            if (c == SecurityClass::insufficient) add_unique(insufficient, name);
            if (is_hybrid_mlkem(group.id)) add_unique(post_quantum, name);
        }
        nlohmann::json entry{{"groups", groups}};
        if (scan.dh.bits > 0) {
            const SecurityClass c = classify_dh_group(scan.dh.name, scan.dh.bits);
            const std::string label = "DH-" + std::to_string(scan.dh.bits) + " (" +
                                      common::evidence_text(scan.dh.name.empty() ? "unknown" : scan.dh.name) + ")";
            entry["dh"] = {{"bits", scan.dh.bits}, {"name", common::evidence_text(scan.dh.name)},
                           {"prime_sha256", common::evidence_text(scan.dh.prime_sha256)}, {"class", class_name(c)}};
            ephemeral = true;
            add_unique(all, label);
            if (c == SecurityClass::phase_out) add_unique(phase_out, label);
            if (c == SecurityClass::insufficient) add_unique(insufficient, label);
        }
        per_version[version] = std::move(entry);
    }
    nlohmann::json evidence{{"endpoint", view.endpoint}, {"accepted", view.accepted}, {"versions", per_version},
                            {"post_quantum", post_quantum}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", {{"endpoint", view.endpoint}},
                                std::move(evidence));
    if (!ephemeral)
        return common::conclude(view.check_id, view.subject, "no-ephemeral", {{"endpoint", view.endpoint}},
                                std::move(evidence));
    if (!insufficient.empty())
        return common::conclude(view.check_id, view.subject, "insufficient-groups",
                                {{"endpoint", view.endpoint}, {"groups", join(insufficient)}}, std::move(evidence));
    if (!phase_out.empty())
        return common::conclude(view.check_id, view.subject, "phase-out-groups",
                                {{"endpoint", view.endpoint}, {"groups", join(phase_out)}}, std::move(evidence));
    return common::conclude(view.check_id, view.subject, "good-groups",
                            {{"endpoint", view.endpoint}, {"groups", join(all)}}, std::move(evidence));
}

// ---------------------------------------------------------------- tls.kex_hash
Finding judge_hash(const ScanView& view) {
    nlohmann::json evidence{{"endpoint", view.endpoint}, {"accepted", view.accepted}};
    if (!view.accepts(facts::tls_version::tls1_2))
        return common::conclude(view.check_id, view.subject, "no-tls12", {{"endpoint", view.endpoint}},
                                std::move(evidence));
    const facts::TlsScan& scan = view.aspect(facts::tls_scan_aspect::signatures, facts::tls_version::tls1_2);
    nlohmann::json schemes = nlohmann::json::array();
    std::vector<std::string> sha1, sha224;
    for (const facts::TlsCode& scheme : scan.signature_schemes) {
        const std::string name = common::evidence_text(scheme.name);
        const std::string_view hash = signature_hash(scheme.id);
        schemes.push_back({{"name", name}, {"id", hex_id(scheme.id)}, {"hash", hash.empty() ? "unknown" : hash}});
        if (hash == "SHA-1" || hash == "MD5") add_unique(sha1, name);
        if (hash == "SHA-224") add_unique(sha224, name);
    }
    evidence["signature_schemes"] = schemes;
    if (scan.signature_schemes.empty())
        return common::conclude(view.check_id, view.subject, "no-signed-key-exchange", {{"endpoint", view.endpoint}},
                                std::move(evidence));
    if (!sha1.empty())
        return common::conclude(view.check_id, view.subject, "sha1-accepted",
                                {{"endpoint", view.endpoint}, {"schemes", join(sha1)}}, std::move(evidence));
    if (!sha224.empty())
        return common::conclude(view.check_id, view.subject, "sha224-accepted",
                                {{"endpoint", view.endpoint}, {"schemes", join(sha224)}}, std::move(evidence));
    return common::conclude(view.check_id, view.subject, "sha2-only", {{"endpoint", view.endpoint}},
                            std::move(evidence));
}

// ---------------------------------------------------------------- tls.post_quantum
Finding judge_pq(const ScanView& view) {
    nlohmann::json evidence{{"endpoint", view.endpoint}, {"accepted", view.accepted}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", {{"endpoint", view.endpoint}},
                                std::move(evidence));
    if (!view.accepts(facts::tls_version::tls1_3))
        return common::conclude(view.check_id, view.subject, "no-tls13", {{"endpoint", view.endpoint}},
                                std::move(evidence));
    std::vector<std::string> hybrid, groups;
    for (const facts::TlsCode& group : view.aspect(facts::tls_scan_aspect::groups, facts::tls_version::tls1_3).groups) {
        groups.push_back(common::evidence_text(group.name));
        if (is_hybrid_mlkem(group.id)) hybrid.push_back(common::evidence_text(group.name));
    }
    evidence["groups"] = groups;
    evidence["hybrid"] = hybrid;
    if (hybrid.empty())
        return common::conclude(view.check_id, view.subject, "no-hybrid", {{"endpoint", view.endpoint}},
                                std::move(evidence));
    return common::conclude(view.check_id, view.subject, "hybrid-accepted",
                            {{"endpoint", view.endpoint}, {"groups", join(hybrid)}}, std::move(evidence));
}

}  // namespace

const ScanJudgement& key_exchange_judgement() {
    static const ScanJudgement judgement{[](const std::vector<std::string>& accepted) {
                                             return aspect_at(accepted, facts::tls_scan_aspect::groups, not_ssl2);
                                         },
                                         judge_kex};
    return judgement;
}

const ScanJudgement& kex_hash_judgement() {
    static const ScanJudgement judgement{[](const std::vector<std::string>& accepted) {
                                             return aspect_at(accepted, facts::tls_scan_aspect::signatures,
                                                              [](const std::string& v) {
                                                                  return v == facts::tls_version::tls1_2;
                                                              });
                                         },
                                         judge_hash};
    return judgement;
}

const ScanJudgement& post_quantum_judgement() {
    static const ScanJudgement judgement{[](const std::vector<std::string>& accepted) {
                                             return aspect_at(accepted, facts::tls_scan_aspect::groups,
                                                              [](const std::string& v) {
                                                                  return v == facts::tls_version::tls1_3;
                                                              });
                                         },
                                         judge_pq};
    return judgement;
}

std::vector<Finding> check_tls_key_exchange(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_kex, common::web_endpoints, key_exchange_judgement());
}
std::vector<Finding> check_tls_kex_hash(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_hash, common::web_endpoints, kex_hash_judgement());
}
std::vector<Finding> check_tls_post_quantum(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_pq, common::web_endpoints, post_quantum_judgement());
}

const Check& tls_key_exchange_check() {
    static const Check check{
        CheckInfo{
            .id = k_kex,
            .family = Family::tls,
            .title = "TLS key exchange",
            .scored = true,
            .needs_name = false,
            .why = "The key exchange agrees the secret that protects the whole connection. Elliptic-curve "
                   "Diffie-Hellman on X25519, X448 or the NIST P-256/384/521 (or brainpool) curves is "
                   "strong and fast. Finite-field Diffie-Hellman is being phased out: only the standard "
                   "RFC 7919 groups of 3072 bits and more are acceptable for now; smaller groups, home-made "
                   "groups and the widely shared 1024/2048-bit groups can be broken or precomputed.",
            .fix = "Prefer ECDHE: X25519 and P-256/P-384 (and a hybrid post-quantum group where the software "
                   "offers it). Drop DHE suites, or use them only with the RFC 7919 groups ffdhe3072 or larger; "
                   "never custom DH parameters.",
            .snippets = {{"nginx", "ssl_ecdh_curve X25519:prime256v1:secp384r1;\n"
                                   "# no DHE suites in ssl_ciphers, and no ssl_dhparam"},
                         {"Apache", "SSLOpenSSLConfCmd Curves X25519:prime256v1:secp384r1\n"
                                    "# no DHE suites in SSLCipherSuite"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 §3.3.3 (key exchange)", k_ncsc_url},
                     {"RFC 7919 (FFDHE groups)", "https://www.rfc-editor.org/rfc/rfc7919"},
                     {"RFC 9325 §4.1 (BCP 195: key exchange)", "https://www.rfc-editor.org/rfc/rfc9325#section-4.1"},
                     {"IANA TLS supported groups",
                      "https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"good-groups", Status::pass, "{endpoint} agrees keys only with {groups}"},
                         {"phase-out-groups", Status::warn,
                          "{endpoint} accepts key exchange with {groups}, which is being phased out",
                          "Prefer ECDHE (X25519, P-256, P-384) and drop DHE and P-224."},
                         {"insufficient-groups", Status::fail, "{endpoint} accepts weak key exchange: {groups}"},
                         {"no-ephemeral", Status::not_applicable,
                          "{endpoint} has no ephemeral key exchange at all (static RSA only; tls.ciphers fails it)"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_key_exchange};
    return check;
}

const Check& tls_kex_hash_check() {
    static const Check check{
        CheckInfo{
            .id = k_hash,
            .family = Family::tls,
            .title = "TLS 1.2 key-exchange signature hash",
            .scored = true,
            .needs_name = false,
            .why = "In TLS 1.2 the server signs its key exchange; if it is willing to sign with SHA-1 (or "
                   "MD5), an attacker who can forge such a signature can impersonate it (SLOTH). SHA-224 "
                   "is being phased out. TLS 1.3 does not allow these hashes at all.",
            .fix = "Allow only SHA-256 or better for the TLS 1.2 key-exchange signature (and raise the "
                   "OpenSSL security level to 1 or more, which excludes SHA-1).",
            .snippets = {{"nginx", "ssl_conf_command SignatureAlgorithms "
                                   "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:"
                                   "rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512;"},
                         {"Apache", "SSLOpenSSLConfCmd SignatureAlgorithms "
                                    "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:"
                                    "rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 §3.3.5 (hash functions for key exchange)", k_ncsc_url},
                     {"RFC 9155 (no MD5 and SHA-1 in TLS 1.2 signatures)", "https://www.rfc-editor.org/rfc/rfc9155"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"sha2-only", Status::pass,
                          "{endpoint} signs its TLS 1.2 key exchange only with SHA-256 or better"},
                         {"sha224-accepted", Status::warn, "{endpoint} signs its TLS 1.2 key exchange with {schemes}"},
                         {"sha1-accepted", Status::fail, "{endpoint} signs its TLS 1.2 key exchange with {schemes}"},
                         {"no-signed-key-exchange", Status::not_applicable,
                          "{endpoint} signs no TLS 1.2 key exchange (no ECDHE/DHE suite; tls.ciphers reports it)"},
                         {"no-tls12", Status::not_applicable, "{endpoint} does not speak TLS 1.2"}},
        },
        check_tls_kex_hash};
    return check;
}

const Check& tls_post_quantum_check() {
    static const Check check{
        CheckInfo{
            .id = k_pq,
            .family = Family::tls,
            .title = "Post-quantum key exchange",
            .scored = false,
            .needs_name = false,
            .why = "Traffic recorded today can be decrypted once large quantum computers exist, if its key "
                   "exchange is classical only. Hybrid groups that combine X25519 or a NIST curve with "
                   "ML-KEM (X25519MLKEM768) protect against that and are already used by current browsers.",
            .fix = "Offer X25519MLKEM768 first in TLS 1.3 (OpenSSL 3.5 or newer, or a TLS terminator that "
                   "supports it), followed by X25519 and P-256 for older clients.",
            .snippets = {{"nginx", "ssl_ecdh_curve X25519MLKEM768:X25519:prime256v1:secp384r1;"},
                         {"Apache", "SSLOpenSSLConfCmd Groups X25519MLKEM768:X25519:prime256v1:secp384r1"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (post-quantum)", k_ncsc_url},
                     {"draft-ietf-tls-ecdhe-mlkem (hybrid ML-KEM groups)",
                      "https://datatracker.ietf.org/doc/draft-ietf-tls-ecdhe-mlkem/"},
                     {"FIPS 203 (ML-KEM)", "https://csrc.nist.gov/pubs/fips/203/final"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"hybrid-accepted", Status::pass, "{endpoint} accepts the post-quantum hybrid {groups}"},
                         {"no-hybrid", Status::info,
                          "{endpoint} has no post-quantum key exchange: traffic recorded today can be decrypted "
                          "once quantum computers exist"},
                         {"no-tls13", Status::info,
                          "{endpoint} does not speak TLS 1.3, which post-quantum key exchange needs",
                          "Enable TLS 1.3 first (tls.version), then offer X25519MLKEM768."},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_post_quantum};
    return check;
}

}  // namespace osescan::checks::tls
