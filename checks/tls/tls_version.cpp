#include "checks/tls/tls_version.hpp"

#include <array>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::tls {

namespace {

constexpr const char* k_id = "tls.version";

struct VersionRule {
    const char* version;  // OpenSSL's name, as in facts::tls_version
    bool old;             // NCSC-NL 2025-05: TLS 1.1/1.0 "phase out", SSLv3 "insufficient"
};

// Newest first: the order of the evidence and of the names in summaries.
constexpr std::array<VersionRule, 5> k_versions{{
    {facts::tls_version::tls1_3, false},
    {facts::tls_version::tls1_2, false},
    {facts::tls_version::tls1_1, true},
    {facts::tls_version::tls1_0, true},
    {facts::tls_version::ssl3, true},
}};

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out;
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const std::string endpoint = common::address_port(address, facts.target().port);
    nlohmann::json versions = nlohmann::json::object();
    nlohmann::json notes = nlohmann::json::array();
    std::vector<std::string> accepted;
    std::vector<std::string> old_accepted;
    const facts::ProbeError* first_error = nullptr;
    std::string first_error_version;

    for (const VersionRule& rule : k_versions) {
        const auto& observed = facts.tls(common::version_tls(facts, address, rule.version));
        nlohmann::json entry;
        if (observed.ok() && observed.value().accepted) {
            entry["result"] = "accepted";
            accepted.push_back(rule.version);
            if (rule.old) old_accepted.push_back(rule.version);
        } else if (observed.ok()) {
            entry["result"] = "refused";
            entry["failure"] = common::evidence_text(observed.value().failure);
        } else if (observed.error().kind == facts::probe_error::client_unsupported &&
                   std::string_view(rule.version) == facts::tls_version::ssl3) {
            // Debian's OpenSSL is built without SSLv3: this scanner cannot ask, which says
            // nothing about the server. Not an error (every scan would show one).
            entry["result"] = "not-probeable";
            entry["detail"] = common::evidence_text(observed.error().detail);
            notes.push_back("SSLv3 not probeable with this OpenSSL build");
        } else {
            entry["result"] = "error";
            entry["probe_error"] = common::evidence_text(observed.error().kind);
            entry["detail"] = common::evidence_text(observed.error().detail);
            if (!first_error) {
                first_error = &observed.error();
                first_error_version = rule.version;
            }
        }
        versions[rule.version] = std::move(entry);
    }

    nlohmann::json evidence{{"endpoint", endpoint}, {"versions", versions}, {"accepted", accepted}};
    if (!notes.empty()) evidence["notes"] = std::move(notes);

    // Old versions answered "accepted": that is a fail whatever the other probes did.
    if (!old_accepted.empty())
        return common::conclude(k_id, address, "old-versions-accepted",
                                {{"endpoint", endpoint}, {"old", join(old_accepted)}}, std::move(evidence));
    if (first_error) {
        Finding finding = common::probe_error_finding(
            k_id, address, *first_error, "the " + first_error_version + " probe of " + endpoint);
        finding.evidence.update(evidence);
        return finding;
    }
    const nlohmann::json params{{"endpoint", endpoint}, {"accepted", join(accepted)}};
    if (accepted.empty()) return common::conclude(k_id, address, "no-tls", params, std::move(evidence));
    if (versions[facts::tls_version::tls1_3]["result"] != "accepted")
        return common::conclude(k_id, address, "tls13-missing", params, std::move(evidence));
    return common::conclude(k_id, address, "good-versions", params, std::move(evidence));
}

}  // namespace

std::vector<Finding> check_tls_version(const facts::TargetFacts& facts) {
    // Every version of every address in one need(): one round for the whole check.
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) {
            std::vector<facts::Request> requests;
            for (const VersionRule& rule : k_versions)
                requests.push_back(common::version_tls(facts, address, rule.version));
            return requests;
        },
        [&](const std::string& address) { return judge_address(facts, address); });
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
                   "remove SSLv3, TLS 1.0 and TLS 1.1. If TLS 1.3 is missing, upgrade the "
                   "server software or the OpenSSL it uses (TLS 1.3 needs OpenSSL 1.1.1 or "
                   "newer). Load balancers and CDNs have their own setting for this.",
            .snippets = {{"nginx", "ssl_protocols TLSv1.2 TLSv1.3;"},
                         {"Apache", "SSLProtocol -all +TLSv1.2 +TLSv1.3"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (versions)",
                      "https://english.ncsc.nl/publications/publications/2025/06/26/"
                      "security-guidelines-for-transport-layer-security-2025-05"},
                     {"RFC 8996 (TLS 1.0 and 1.1 deprecated)", "https://www.rfc-editor.org/rfc/rfc8996"},
                     {"RFC 7568 (SSLv3 deprecated)", "https://www.rfc-editor.org/rfc/rfc7568"},
                     {"RFC 9325 §3.1.1 (BCP 195: protocol versions)",
                      "https://www.rfc-editor.org/rfc/rfc9325#section-3.1.1"},
                     {"RFC 8446 (TLS 1.3)", "https://www.rfc-editor.org/rfc/rfc8446"}},
            .facts = {"dns", "tls"},
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
