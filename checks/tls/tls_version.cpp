#include "checks/tls/tls_version.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/tls/tls_scan_view.hpp"

namespace osescan::checks::tls {

namespace {

constexpr const char* k_id = "tls.version";

// NCSC-NL 2025-05: TLS 1.3 good, TLS 1.2 sufficient, TLS 1.1/1.0 phase-out, SSLv3 and SSLv2
// insufficient. Newest first: the order of the evidence and of the names in summaries.
bool is_old(const std::string& version) {
    return version == "TLSv1.1" || version == "TLSv1" || version == "SSLv3" || version == "SSLv2";
}

Finding judge_address(const ScanView& view) {
    nlohmann::json versions = nlohmann::json::object();
    std::vector<std::string> old_accepted;
    for (const facts::TlsVersionSupport& v : view.versions.versions) {
        nlohmann::json entry{{"result", v.accepted ? "accepted" : "refused"}};
        if (!v.accepted && !v.detail.empty()) entry["failure"] = common::evidence_text(v.detail);
        versions[v.version] = std::move(entry);
        if (v.accepted && is_old(v.version)) old_accepted.push_back(v.version);
    }
    nlohmann::json evidence{{"endpoint", view.endpoint}, {"versions", versions}, {"accepted", view.accepted}};
    if (!view.versions.notes.empty()) {
        nlohmann::json notes = nlohmann::json::array();
        for (const std::string& note : view.versions.notes) notes.push_back(common::evidence_text(note));
        evidence["notes"] = std::move(notes);
    }

    if (!old_accepted.empty())
        return common::conclude(view.check_id, view.subject, "old-versions-accepted",
                                {{"endpoint", view.endpoint}, {"old", join(old_accepted)}}, std::move(evidence));
    const nlohmann::json params{{"endpoint", view.endpoint}, {"accepted", join(view.accepted)}};
    if (view.accepted.empty())
        return common::conclude(view.check_id, view.subject, "no-tls", params, std::move(evidence));
    if (!view.accepts(facts::tls_version::tls1_3))
        return common::conclude(view.check_id, view.subject, "tls13-missing", params, std::move(evidence));
    return common::conclude(view.check_id, view.subject, "good-versions", params, std::move(evidence));
}

}  // namespace

const ScanJudgement& version_judgement() {
    // One `versions` fact per endpoint (SSLv2 to TLS 1.3), all endpoints in one round.
    static const ScanJudgement judgement{[](const std::vector<std::string>&) {
                                             return std::vector<std::pair<std::string, std::string>>{};
                                         },
                                         judge_address};
    return judgement;
}

std::vector<Finding> check_tls_version(const facts::TargetFacts& facts) {
    return judge_scan(facts, k_id, common::web_endpoints, version_judgement());
}

const Check& tls_version_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::tls,
            .title = "TLS versions",
            .scored = true,
            .needs_name = false,
            .why = "Old protocol versions have known weaknesses (POODLE, BEAST, weak hashes "
                   "in the handshake) and are formally deprecated; a server that still "
                   "accepts them can be pushed into using them by an attacker or by old "
                   "clients. TLS 1.3 is faster and removes whole classes of attacks; TLS 1.2 "
                   "is still sufficient but is being phased out. Every address should offer "
                   "TLS 1.3, optionally TLS 1.2, and nothing older.",
            .fix = "Allow only TLS 1.3 and TLS 1.2 in the web server's TLS settings and "
                   "remove SSLv2, SSLv3, TLS 1.0 and TLS 1.1. If TLS 1.3 is missing, upgrade the "
                   "server software or the OpenSSL it uses (TLS 1.3 needs OpenSSL 1.1.1 or "
                   "newer). Load balancers and CDNs have their own setting for this.",
            .snippets = {{"nginx", "ssl_protocols TLSv1.2 TLSv1.3;"},
                         {"Apache", "SSLProtocol -all +TLSv1.2 +TLSv1.3"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (versions)",
                      "https://english.ncsc.nl/publications/publications/2025/06/26/"
                      "security-guidelines-for-transport-layer-security-2025-05"},
                     {"RFC 8996 (TLS 1.0 and 1.1 deprecated)", "https://www.rfc-editor.org/rfc/rfc8996"},
                     {"RFC 7568 (SSLv3 deprecated)", "https://www.rfc-editor.org/rfc/rfc7568"},
                     {"RFC 6176 (SSLv2 prohibited)", "https://www.rfc-editor.org/rfc/rfc6176"},
                     {"RFC 9325 §3.1.1 (BCP 195: protocol versions)",
                      "https://www.rfc-editor.org/rfc/rfc9325#section-3.1.1"},
                     {"RFC 8446 (TLS 1.3)", "https://www.rfc-editor.org/rfc/rfc8446"}},
            .facts = {"dns", "tls-scan"},
            .outcomes = {{"good-versions", Status::pass, "{endpoint} accepts {accepted} and nothing older"},
                         {"tls13-missing", Status::warn, "{endpoint} accepts {accepted} but not TLSv1.3",
                          "Enable TLS 1.3: upgrade the server software or the OpenSSL it uses (TLS 1.3 needs "
                          "OpenSSL 1.1.1 or newer) and add TLSv1.3 to the allowed protocols."},
                         {"old-versions-accepted", Status::fail, "{endpoint} accepts {old}, which must be switched off"},
                         {"no-tls", Status::fail, "No TLS: {endpoint} refused every TLS version"}},
        },
        check_tls_version};
    return check;
}

}  // namespace osescan::checks::tls
