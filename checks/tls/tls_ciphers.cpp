// tls.ciphers and tls.cipher_order: the cipher suites each address accepts, per version.
#include <algorithm>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/tls/suite_class.hpp"
#include "checks/tls/tls_scan_checks.hpp"
#include "checks/tls/tls_scan_view.hpp"

namespace osescan::checks::tls {

namespace {

constexpr const char* k_ciphers = "tls.ciphers";
constexpr const char* k_order = "tls.cipher_order";
constexpr std::string_view k_ncsc_url =
    "https://english.ncsc.nl/publications/publications/2025/06/26/"
    "security-guidelines-for-transport-layer-security-2025-05";

std::vector<std::pair<std::string, std::string>> ciphers_needed(const std::vector<std::string>& accepted) {
    return aspect_at(accepted, facts::tls_scan_aspect::ciphers, any_version);
}

// Lines that pass tls.ciphers, per key type of the server's certificate (TLS 1.2 suites name
// it; TLS 1.3 suites do not and need no change: OpenSSL's TLS 1.3 defaults pass).
constexpr const char* k_nginx_ecdsa =
    "ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256;";
constexpr const char* k_nginx_rsa =
    "ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256;";
constexpr const char* k_apache_ecdsa =
    "SSLCipherSuite ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256";
constexpr const char* k_apache_rsa =
    "SSLCipherSuite ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256";
constexpr const char* k_nginx_both =
    "ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;";
constexpr const char* k_apache_both =
    "SSLCipherSuite ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";
// Both key types in the snippets (the catalogue's fix cannot know the key type; the
// evidence's suggested_config names the one line for this server).
constexpr const char* k_nginx_snippet =
    "# certificate with an EC (ECDSA) key:\n"
    "ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256;\n"
    "# certificate with an RSA key:\n"
    "# ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256;";
constexpr const char* k_apache_snippet =
    "# certificate with an EC (ECDSA) key:\n"
    "SSLCipherSuite ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256\n"
    "# certificate with an RSA key:\n"
    "# SSLCipherSuite ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256";
constexpr const char* k_tls13_line = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

nlohmann::json suggested_config(const ScanView& view) {
    bool ecdsa = false, rsa = false;
    for (const std::string& version : view.accepted)
        for (const facts::TlsCode& suite : view.aspect(facts::tls_scan_aspect::ciphers, version).suites) {
            const std::string_view auth = suite_authentication(suite.name);
            ecdsa = ecdsa || auth == "ECDSA";
            rsa = rsa || auth == "RSA";
        }
    const char* key = ecdsa && !rsa ? "ECDSA" : rsa && !ecdsa ? "RSA" : ecdsa ? "ECDSA and RSA" : "unknown";
    const bool only_ecdsa = ecdsa && !rsa, only_rsa = rsa && !ecdsa;
    return {{"key_type", key},
            {"nginx", only_ecdsa ? k_nginx_ecdsa : only_rsa ? k_nginx_rsa : k_nginx_both},
            {"Apache", only_ecdsa ? k_apache_ecdsa : only_rsa ? k_apache_rsa : k_apache_both},
            {"nginx_tls13", std::string("ssl_conf_command Ciphersuites ") + k_tls13_line + ";"},
            {"Apache_tls13", std::string("SSLCipherSuite TLSv1.3 ") + k_tls13_line}};
}

Finding judge_ciphers(const ScanView& view) {
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", {{"endpoint", view.endpoint}},
                                {{"endpoint", view.endpoint}, {"accepted", view.accepted}});
    nlohmann::json suites = nlohmann::json::array();
    std::vector<std::string> phase_out, insufficient;
    for (const std::string& version : view.accepted) {
        for (const facts::TlsCode& suite : view.aspect(facts::tls_scan_aspect::ciphers, version).suites) {
            const std::string name = common::evidence_text(suite.name);
            const SecurityClass c = classify_suite(suite.name);
            nlohmann::json entry{{"name", name}, {"id", hex_id(suite.id, is_ssl2(version) ? 6 : 4)},
                                 {"version", version}, {"class", class_name(c)}};
            if (c == SecurityClass::insufficient) entry["reason"] = insufficient_reason(suite.name);
            suites.push_back(std::move(entry));
            std::vector<std::string>& bucket = c == SecurityClass::insufficient ? insufficient : phase_out;
            if ((c == SecurityClass::insufficient || c == SecurityClass::phase_out) &&
                std::find(bucket.begin(), bucket.end(), name) == bucket.end())
                bucket.push_back(name);
        }
    }
    nlohmann::json evidence{{"endpoint", view.endpoint}, {"accepted", view.accepted}, {"suites", suites}};
    if (!insufficient.empty() || !phase_out.empty()) evidence["suggested_config"] = suggested_config(view);
    if (!insufficient.empty())
        return common::conclude(view.check_id, view.subject, "insufficient-suites",
                                {{"endpoint", view.endpoint},
                                 {"count", insufficient.size()},
                                 {"suites", join(insufficient)}},
                                std::move(evidence));
    if (!phase_out.empty())
        return common::conclude(view.check_id, view.subject, "phase-out-suites",
                                {{"endpoint", view.endpoint}, {"count", phase_out.size()}, {"suites", join(phase_out)}},
                                std::move(evidence));
    return common::conclude(view.check_id, view.subject, "good-suites",
                            {{"endpoint", view.endpoint}, {"count", suites.size()}}, std::move(evidence));
}

// For the order: good and sufficient are equally fine (NCSC-NL prescribes that they come
// before phase-out, and phase-out before insufficient).
int order_rank(const std::string& name) {
    switch (classify_suite(name)) {
        case SecurityClass::good:
        case SecurityClass::sufficient: return 0;
        case SecurityClass::phase_out: return 1;
        case SecurityClass::insufficient: return 2;
    }
    return 2;
}

Finding judge_order(const ScanView& view) {
    nlohmann::json per_version = nlohmann::json::object();
    size_t total = 0;
    bool below_sufficient = false;
    std::vector<std::string> not_enforced;
    std::string violation_version, preferred, expected;
    for (const std::string& version : view.accepted) {
        const facts::TlsScan& scan = view.aspect(facts::tls_scan_aspect::ciphers, version);
        nlohmann::json names = nlohmann::json::array();
        bool weak_here = false;
        for (const facts::TlsCode& suite : scan.suites) {
            names.push_back(common::evidence_text(suite.name));
            weak_here = weak_here || order_rank(suite.name) > 0;
        }
        per_version[version] = {{"order", common::evidence_text(scan.order)}, {"suites", names}};
        total += scan.suites.size();
        below_sufficient = below_sufficient || weak_here;
        // Only a version with a choice to make, and something below sufficient to avoid, must
        // be ordered by the server (NCSC-NL 2025-05: only good/sufficient -> no requirement).
        if (scan.suites.size() < 2 || !weak_here) continue;
        if (scan.order != "server") {
            not_enforced.push_back(version);
            continue;
        }
        for (size_t i = 1; i < scan.suites.size() && violation_version.empty(); ++i)
            for (size_t j = 0; j < i; ++j)
                if (order_rank(scan.suites[j].name) > order_rank(scan.suites[i].name)) {
                    violation_version = version;
                    preferred = common::evidence_text(scan.suites[j].name);
                    expected = common::evidence_text(scan.suites[i].name);
                    break;
                }
    }
    nlohmann::json evidence{{"endpoint", view.endpoint}, {"accepted", view.accepted}, {"versions", per_version}};
    const nlohmann::json params{{"endpoint", view.endpoint}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", params, std::move(evidence));
    if (total < 2)
        return common::conclude(view.check_id, view.subject, "nothing-to-order", params, std::move(evidence));
    if (!below_sufficient)
        return common::conclude(view.check_id, view.subject, "only-good-suites", params, std::move(evidence));
    if (!not_enforced.empty())
        return common::conclude(view.check_id, view.subject, "client-order",
                                {{"endpoint", view.endpoint}, {"versions", join(not_enforced)}}, std::move(evidence));
    if (!violation_version.empty()) {
        evidence["violation"] = {{"version", violation_version}, {"preferred", preferred}, {"over", expected}};
        return common::conclude(
            view.check_id, view.subject, "weak-preferred",
            {{"endpoint", view.endpoint}, {"version", violation_version}, {"preferred", preferred}, {"over", expected}},
            std::move(evidence));
    }
    return common::conclude(view.check_id, view.subject, "server-order", params, std::move(evidence));
}

}  // namespace

const ScanJudgement& ciphers_judgement() {
    static const ScanJudgement judgement{ciphers_needed, judge_ciphers};
    return judgement;
}
const ScanJudgement& cipher_order_judgement() {
    static const ScanJudgement judgement{ciphers_needed, judge_order};
    return judgement;
}

std::vector<Finding> check_tls_ciphers(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_ciphers, common::web_endpoints, ciphers_judgement());
}
std::vector<Finding> check_tls_cipher_order(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_order, common::web_endpoints, cipher_order_judgement());
}

const Check& tls_ciphers_check() {
    static const Check check{
        CheckInfo{
            .id = k_ciphers,
            .family = Family::tls,
            .title = "TLS cipher suites",
            .scored = true,
            .needs_name = false,
            .why = "The cipher suite decides how the connection's keys are agreed, how the data is "
                   "encrypted and how it is protected against tampering. Suites without forward "
                   "secrecy (RSA key exchange) let anyone who later obtains the server's key decrypt "
                   "recorded traffic; RC4, 3DES, CBC with SHA-1, NULL, EXPORT and anonymous suites are "
                   "broken or fragile. An attacker can often steer a client towards the weakest suite "
                   "both sides accept, so the weak ones must not be accepted at all.",
            .fix = "Accept only AEAD suites with ephemeral key exchange: in TLS 1.2 ECDHE with AES-GCM or "
                   "CHACHA20-POLY1305 (for the certificate's key type: ECDHE-ECDSA-... for an EC key, "
                   "ECDHE-RSA-... for an RSA key); TLS 1.3's default suites are fine. The evidence's "
                   "suggested_config has the line for this server's key type.",
            .snippets = {{"nginx", k_nginx_snippet}, {"Apache", k_apache_snippet}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 §3.3 and appendix B (cipher suites)", k_ncsc_url},
                     {"RFC 9325 §4.2 (BCP 195: recommended cipher suites)",
                      "https://www.rfc-editor.org/rfc/rfc9325#section-4.2"},
                     {"RFC 7465 (RC4 prohibited)", "https://www.rfc-editor.org/rfc/rfc7465"},
                     {"IANA TLS cipher suite registry",
                      "https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"good-suites", Status::pass, "{endpoint} accepts only good or sufficient cipher suites ({count})"},
                         {"phase-out-suites", Status::warn,
                          "{endpoint} accepts {count} cipher suite(s) being phased out: {suites}",
                          "Remove the phase-out suites (CBC with SHA-256/384, DHE, CAMELLIA, ARIA) and keep ECDHE "
                          "with AES-GCM or CHACHA20-POLY1305; the evidence's suggested_config has the line for "
                          "this server's key type."},
                         {"insufficient-suites", Status::fail,
                          "{endpoint} accepts {count} insufficient cipher suite(s): {suites}"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_ciphers};
    return check;
}

const Check& tls_cipher_order_check() {
    static const Check check{
        CheckInfo{
            .id = k_order,
            .family = Family::tls,
            .title = "TLS cipher order",
            .scored = true,
            .needs_name = false,
            .why = "When a server still accepts weaker cipher suites for old clients, it must choose "
                   "the best suite the client offers itself; if it follows the client's order, a client "
                   "(or an attacker who can influence it) that lists a weak suite first gets it. A "
                   "server that accepts only good and sufficient suites need not enforce an order.",
            .fix = "Make the server choose by its own order and list the suites from strong to weak "
                   "(good and sufficient before phase-out before anything else), or better, accept only "
                   "good and sufficient suites.",
            .snippets = {{"nginx", "ssl_prefer_server_ciphers on;"}, {"Apache", "SSLHonorCipherOrder on"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (order of algorithm selections)", k_ncsc_url},
                     {"RFC 9325 §4.2 (BCP 195)", "https://www.rfc-editor.org/rfc/rfc9325#section-4.2"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"server-order", Status::pass,
                          "{endpoint} chooses cipher suites by its own order, strongest first"},
                         {"client-order", Status::fail,
                          "{endpoint} follows the client's cipher order ({versions}) while it also accepts "
                          "weaker suites"},
                         {"weak-preferred", Status::fail,
                          "{endpoint} prefers {preferred} over {over} ({version})",
                          "List the suites from strong to weak (good and sufficient before phase-out before "
                          "anything else), or remove the weaker ones."},
                         {"only-good-suites", Status::not_applicable,
                          "{endpoint} accepts only good or sufficient suites: their order does not matter"},
                         {"nothing-to-order", Status::not_applicable,
                          "{endpoint} accepts fewer than two cipher suites: nothing to order"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_cipher_order};
    return check;
}

}  // namespace osescan::checks::tls
