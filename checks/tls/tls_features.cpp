// tls.compression, tls.secure_renegotiation, tls.extended_master_secret, tls.fallback_scsv:
// what the ServerHello says at each TLS <= 1.2 version (the `features` aspect).
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/tls/tls_scan_checks.hpp"
#include "checks/tls/tls_scan_view.hpp"

namespace osescan::checks::tls {

namespace {

constexpr const char* k_compression = "tls.compression";
constexpr const char* k_reneg = "tls.secure_renegotiation";
constexpr const char* k_ems = "tls.extended_master_secret";
constexpr const char* k_fallback = "tls.fallback_scsv";
constexpr std::string_view k_ncsc_url =
    "https://english.ncsc.nl/publications/publications/2025/06/26/"
    "security-guidelines-for-transport-layer-security-2025-05";

// Every check here reads the same facts: `features` at each accepted SSLv3..TLS 1.2.
std::vector<std::pair<std::string, std::string>> features_needed(const std::vector<std::string>& accepted) {
    return aspect_at(accepted, facts::tls_scan_aspect::features, is_pre_tls13);
}

// The versions (<= TLS 1.2) for which `has` is false, and the evidence per version.
template <class Has>
std::vector<std::string> versions_without(const ScanView& view, const char* field, Has has, nlohmann::json& evidence,
                                          bool (*keep)(const std::string&) = is_pre_tls13) {
    std::vector<std::string> missing;
    nlohmann::json per_version = nlohmann::json::object();
    for (const std::string& version : view.accepted) {
        if (!keep(version)) continue;
        const facts::TlsScan& scan = view.aspect(facts::tls_scan_aspect::features, version);
        per_version[version] = {{field, has(scan)}};
        if (!has(scan)) missing.push_back(version);
    }
    evidence["versions"] = std::move(per_version);
    return missing;
}

bool has_pre_tls13(const ScanView& view) {
    for (const std::string& v : view.accepted)
        if (is_pre_tls13(v)) return true;
    return false;
}

nlohmann::json base_evidence(const ScanView& view) {
    return {{"endpoint", view.endpoint}, {"accepted", view.accepted}};
}

Finding judge_compression(const ScanView& view) {
    nlohmann::json evidence = base_evidence(view);
    const nlohmann::json params{{"endpoint", view.endpoint}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", params, std::move(evidence));
    if (!has_pre_tls13(view))
        return common::conclude(view.check_id, view.subject, "tls13-only", params, std::move(evidence));
    std::vector<std::string> on =
        versions_without(view, "compression_off", [](const facts::TlsScan& s) { return !s.compression; }, evidence);
    if (!on.empty())
        return common::conclude(view.check_id, view.subject, "compression-on",
                                {{"endpoint", view.endpoint}, {"versions", join(on)}}, std::move(evidence));
    return common::conclude(view.check_id, view.subject, "compression-off", params, std::move(evidence));
}

Finding judge_reneg(const ScanView& view) {
    nlohmann::json evidence = base_evidence(view);
    const nlohmann::json params{{"endpoint", view.endpoint}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", params, std::move(evidence));
    if (!has_pre_tls13(view))
        return common::conclude(view.check_id, view.subject, "tls13-only", params, std::move(evidence));
    std::vector<std::string> missing = versions_without(
        view, "secure_renegotiation", [](const facts::TlsScan& s) { return s.secure_renegotiation; }, evidence);
    if (!missing.empty())
        return common::conclude(view.check_id, view.subject, "not-supported",
                                {{"endpoint", view.endpoint}, {"versions", join(missing)}}, std::move(evidence));
    return common::conclude(view.check_id, view.subject, "supported", params, std::move(evidence));
}

// RFC 7627 extends TLS 1.0-1.2; SSLv3 has no extensions to speak of (tls.version fails it).
bool tls10_to_12(const std::string& version) {
    return version == "TLSv1.2" || version == "TLSv1.1" || version == "TLSv1";
}

Finding judge_ems(const ScanView& view) {
    nlohmann::json evidence = base_evidence(view);
    const nlohmann::json params{{"endpoint", view.endpoint}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", params, std::move(evidence));
    bool any = false;
    for (const std::string& v : view.accepted) any = any || tls10_to_12(v);
    if (!any) return common::conclude(view.check_id, view.subject, "no-tls12", params, std::move(evidence));
    std::vector<std::string> missing = versions_without(
        view, "extended_master_secret", [](const facts::TlsScan& s) { return s.extended_master_secret; }, evidence,
        tls10_to_12);
    if (!missing.empty())
        return common::conclude(view.check_id, view.subject, "ems-missing",
                                {{"endpoint", view.endpoint}, {"versions", join(missing)}}, std::move(evidence));
    return common::conclude(view.check_id, view.subject, "ems-supported", params, std::move(evidence));
}

Finding judge_fallback(const ScanView& view) {
    nlohmann::json evidence = base_evidence(view);
    const nlohmann::json params{{"endpoint", view.endpoint}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", params, std::move(evidence));
    // The prober sends TLS_FALLBACK_SCSV below the best version; whichever features fact
    // carries the answer ("n/a" elsewhere) decides.
    bool honoured = false, ignored = false;
    nlohmann::json per_version = nlohmann::json::object();
    for (const std::string& version : view.accepted) {
        if (!is_pre_tls13(version)) continue;
        const std::string& answer = view.aspect(facts::tls_scan_aspect::features, version).fallback_scsv;
        per_version[version] = common::evidence_text(answer);
        honoured = honoured || answer == "honoured";
        ignored = ignored || answer == "ignored";
    }
    evidence["versions"] = std::move(per_version);
    if (ignored) return common::conclude(view.check_id, view.subject, "ignored", params, std::move(evidence));
    if (honoured) return common::conclude(view.check_id, view.subject, "honoured", params, std::move(evidence));
    return common::conclude(view.check_id, view.subject, "one-version",
                            {{"endpoint", view.endpoint}, {"accepted", join(view.accepted)}}, std::move(evidence));
}

}  // namespace

const ScanJudgement& compression_judgement() {
    static const ScanJudgement judgement{features_needed, judge_compression};
    return judgement;
}
std::vector<Finding> check_tls_compression(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_compression, common::web_endpoints, compression_judgement());
}
const ScanJudgement& secure_renegotiation_judgement() {
    static const ScanJudgement judgement{features_needed, judge_reneg};
    return judgement;
}
std::vector<Finding> check_tls_secure_renegotiation(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_reneg, common::web_endpoints, secure_renegotiation_judgement());
}
const ScanJudgement& extended_master_secret_judgement() {
    static const ScanJudgement judgement{features_needed, judge_ems};
    return judgement;
}
std::vector<Finding> check_tls_extended_master_secret(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_ems, common::web_endpoints, extended_master_secret_judgement());
}
const ScanJudgement& fallback_scsv_judgement() {
    static const ScanJudgement judgement{features_needed, judge_fallback};
    return judgement;
}
std::vector<Finding> check_tls_fallback_scsv(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_fallback, common::web_endpoints, fallback_scsv_judgement());
}

const Check& tls_compression_check() {
    static const Check check{
        CheckInfo{
            .id = k_compression,
            .family = Family::tls,
            .title = "TLS compression",
            .scored = true,
            .needs_name = false,
            .why = "TLS-level compression lets an attacker who can inject text into requests recover secrets "
                   "such as session cookies from the compressed length (CRIME). TLS 1.3 removed it.",
            .fix = "Switch TLS compression off (it is off in every OpenSSL since 1.1.0 unless re-enabled); "
                   "upgrade very old TLS libraries.",
            .snippets = {{"nginx", "# nginx never enables TLS compression with OpenSSL >= 1.1.0;\n"
                                   "ssl_conf_command Options -Compression;"},
                         {"Apache", "SSLCompression off"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 §3.4.1 (compression)", k_ncsc_url},
                     {"RFC 9325 §3.3 (BCP 195: compression)", "https://www.rfc-editor.org/rfc/rfc9325#section-3.3"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"compression-off", Status::pass, "{endpoint} does not compress at the TLS level"},
                         {"compression-on", Status::fail, "{endpoint} accepts TLS compression ({versions}): CRIME"},
                         {"tls13-only", Status::pass, "{endpoint} speaks only TLS 1.3, which has no compression"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_compression};
    return check;
}

const Check& tls_secure_renegotiation_check() {
    static const Check check{
        CheckInfo{
            .id = k_reneg,
            .family = Family::tls,
            .title = "TLS secure renegotiation",
            .scored = true,
            .needs_name = false,
            .why = "Without the renegotiation_info extension (RFC 5746) an attacker can splice their own "
                   "request in front of a victim's TLS session through a renegotiation. TLS 1.3 has no "
                   "renegotiation.",
            .fix = "Upgrade the TLS library: every maintained one supports RFC 5746. Client-initiated "
                   "renegotiation is best switched off as well.",
            .snippets = {{"nginx", "# secure renegotiation is built into OpenSSL >= 0.9.8m; nginx refuses "
                                   "client-initiated renegotiation"},
                         {"Apache", "SSLInsecureRenegotiation off"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 §3.4.2 (renegotiation)", k_ncsc_url},
                     {"RFC 5746 (renegotiation indication)", "https://www.rfc-editor.org/rfc/rfc5746"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"supported", Status::pass, "{endpoint} supports secure renegotiation (RFC 5746)"},
                         {"not-supported", Status::fail,
                          "{endpoint} does not support secure renegotiation (RFC 5746) at {versions}"},
                         {"tls13-only", Status::pass, "{endpoint} speaks only TLS 1.3, which has no renegotiation"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_secure_renegotiation};
    return check;
}

const Check& tls_extended_master_secret_check() {
    static const Check check{
        CheckInfo{
            .id = k_ems,
            .family = Family::tls,
            .title = "TLS extended master secret",
            .scored = true,
            .needs_name = false,
            .why = "Without the extended master secret (RFC 7627) a TLS 1.2 session's keys are not bound to "
                   "its handshake, which allows man-in-the-middle attacks on resumption and renegotiation "
                   "(triple handshake). TLS 1.3 always binds them.",
            .fix = "Upgrade the TLS library (OpenSSL 1.1.0 and newer support it) and do not switch it off.",
            .snippets = {{"nginx", "# on by default; remove any 'ssl_conf_command Options -ExtendedMasterSecret'"},
                         {"Apache", "# on by default; remove any 'SSLOpenSSLConfCmd Options -ExtendedMasterSecret'"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (extended master secret)", k_ncsc_url},
                     {"RFC 7627 (extended master secret)", "https://www.rfc-editor.org/rfc/rfc7627"},
                     {"RFC 9325 §3.7 (BCP 195)", "https://www.rfc-editor.org/rfc/rfc9325#section-3.7"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"ems-supported", Status::pass, "{endpoint} uses the extended master secret (RFC 7627)"},
                         {"ems-missing", Status::fail,
                          "{endpoint} does not use the extended master secret (RFC 7627) at {versions}"},
                         {"no-tls12", Status::pass,
                          "{endpoint} speaks no TLS 1.0-1.2: the extended master secret is not needed"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_extended_master_secret};
    return check;
}

const Check& tls_fallback_scsv_check() {
    static const Check check{
        CheckInfo{
            .id = k_fallback,
            .family = Family::tls,
            .title = "TLS downgrade protection (fallback SCSV)",
            .scored = true,
            .needs_name = false,
            .why = "A client that retries with an older version after a failed handshake signals it with "
                   "TLS_FALLBACK_SCSV; a server that honours it refuses the retry when it could have spoken "
                   "a newer version, so an attacker cannot force a downgrade by breaking handshakes.",
            .fix = "Upgrade the TLS library (OpenSSL 1.0.1j and newer honour TLS_FALLBACK_SCSV); better still, "
                   "accept only TLS 1.3 and 1.2.",
            .snippets = {{"nginx", "ssl_protocols TLSv1.2 TLSv1.3;  # OpenSSL honours TLS_FALLBACK_SCSV itself"},
                         {"Apache", "SSLProtocol -all +TLSv1.2 +TLSv1.3"}},
            .refs = {{"RFC 7507 (TLS_FALLBACK_SCSV)", "https://www.rfc-editor.org/rfc/rfc7507"},
                     {"NCSC-NL TLS guidelines 2025-05", k_ncsc_url}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"honoured", Status::pass,
                          "{endpoint} refuses a downgraded handshake (TLS_FALLBACK_SCSV honoured)"},
                         {"one-version", Status::pass, "{endpoint} speaks one version only ({accepted}): no downgrade"},
                         {"ignored", Status::warn,
                          "{endpoint} ignores TLS_FALLBACK_SCSV: a downgrade to an older version is possible"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_fallback_scsv};
    return check;
}

}  // namespace osescan::checks::tls
