// tls.client_renegotiation and tls.zero_rtt: judged from the tls-behaviour facts.
#include "checks/tls/tls_session_checks.hpp"

#include <optional>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "checks/tls/tls_scan_view.hpp"

namespace osescan::checks::tls {

namespace {

constexpr const char* k_reneg = "tls.client_renegotiation";
constexpr const char* k_zero_rtt = "tls.zero_rtt";
constexpr std::string_view k_ncsc_url =
    "https://english.ncsc.nl/publications/publications/2025/06/26/"
    "security-guidelines-for-transport-layer-security-2025-05";

bool tls10_to_12(const std::string& version) {
    return version == facts::tls_version::tls1_2 || version == facts::tls_version::tls1_1 ||
           version == facts::tls_version::tls1_0;
}
bool tls13(const std::string& version) { return version == facts::tls_version::tls1_3; }

std::vector<std::string> accepted_versions(const facts::TlsScan& scan) {
    std::vector<std::string> out;
    for (const facts::TlsVersionSupport& v : scan.versions)
        if (v.accepted) out.push_back(v.version);
    return out;
}

bool any_of(const std::vector<std::string>& versions, bool (*keep)(const std::string&)) {
    for (const std::string& v : versions)
        if (keep(v)) return true;
    return false;
}

// One address, its versions known and the behaviour fact present.
struct BehaviourView {
    std::string address;
    std::string endpoint;
    std::vector<std::string> accepted;
    const facts::TlsBehaviour& fact;
};

// Per address: the versions scan (round 1); addresses that speak a version `relevant`
// accepts get the `aspect` behaviour fact, all in one need() (round 2); `not_relevant` is the
// outcome for the others (or "no-tls" when no version at all).
std::vector<Finding> judge_behaviour(const facts::TargetFacts& facts, const char* check_id, const char* aspect,
                                     bool (*relevant)(const std::string&), const char* not_relevant,
                                     Finding (*judge)(const BehaviourView& view)) {
    const auto versions_of = [&](const std::string& address) -> const facts::Observed<facts::TlsScan>& {
        return facts.tls_scan(scan_request(facts, address, facts::tls_scan_aspect::versions));
    };
    bool behaviour_asked = false;
    return common::judge_each_address(
        facts, check_id,
        [&](const std::string& address) {
            return std::vector<facts::Request>{scan_request(facts, address, facts::tls_scan_aspect::versions)};
        },
        [&](const std::string& address) -> Finding {
            if (!behaviour_asked) {
                behaviour_asked = true;
                std::vector<facts::Request> batch;
                for (const std::string& other : common::web_addresses(facts).all()) {
                    const auto& v = versions_of(other);
                    if (v.ok() && any_of(accepted_versions(v.value()), relevant))
                        batch.push_back(behaviour_request(facts, other, aspect));
                }
                facts.need(batch);
            }
            const std::string endpoint = common::address_port(address, facts.target().port);
            const auto& v = versions_of(address);
            if (!v.ok())
                return common::probe_error_finding(check_id, address, v.error(), "the TLS version scan of " + endpoint);
            const std::vector<std::string> accepted = accepted_versions(v.value());
            nlohmann::json evidence{{"endpoint", endpoint}, {"accepted", accepted}};
            const nlohmann::json params{{"endpoint", endpoint}};
            if (accepted.empty()) return common::conclude(check_id, address, "no-tls", params, std::move(evidence));
            if (!any_of(accepted, relevant))
                return common::conclude(check_id, address, not_relevant, params, std::move(evidence));
            const auto& b = facts.tls_behaviour(behaviour_request(facts, address, aspect));
            if (!b.ok()) {
                Finding finding = common::probe_error_finding(check_id, address, b.error(),
                                                              "the " + std::string(aspect) + " test of " + endpoint);
                finding.evidence["endpoint"] = endpoint;
                finding.evidence["accepted"] = accepted;
                return finding;
            }
            return judge(BehaviourView{address, endpoint, accepted, b.value()});
        });
}

nlohmann::json base_evidence(const BehaviourView& view) {
    nlohmann::json evidence{{"endpoint", view.endpoint}, {"accepted", view.accepted}};
    if (!view.fact.version.empty()) evidence["version"] = view.fact.version;
    if (!view.fact.detail.empty()) evidence["detail"] = common::evidence_text(view.fact.detail);
    return evidence;
}

Finding judge_renegotiation(const BehaviourView& view) {
    const facts::TlsBehaviour& fact = view.fact;
    nlohmann::json evidence = base_evidence(view);
    evidence["renegotiations_asked"] = fact.renegotiations_asked;
    evidence["renegotiations_completed"] = fact.renegotiations_completed;
    evidence["end"] = fact.renegotiation_end;
    nlohmann::json params{{"endpoint", view.endpoint},
                          {"completed", fact.renegotiations_completed},
                          {"asked", fact.renegotiations_asked},
                          {"detail", common::display_text(fact.detail)}};
    const std::string& end = fact.renegotiation_end;
    if (end == facts::renegotiation_end::no_handshake)
        return common::conclude(k_reneg, view.address, "handshake-refused", params, std::move(evidence));
    if (end == facts::renegotiation_end::no_answer)
        return common::conclude(k_reneg, view.address, "no-answer", params, std::move(evidence));
    // NCSC-NL 2025-05 as internet.nl applies it: refused → good; allowed, but no more than
    // 10 times → sufficient; more → insufficient.
    if (end == facts::renegotiation_end::all_completed && fact.renegotiations_completed > 10)
        return common::conclude(k_reneg, view.address, "allowed", params, std::move(evidence));
    if (end == facts::renegotiation_end::refused && fact.renegotiations_completed == 0)
        return common::conclude(k_reneg, view.address, "refused", params, std::move(evidence));
    if ((end == facts::renegotiation_end::refused || end == facts::renegotiation_end::all_completed) &&
        fact.renegotiations_completed <= 10)
        return common::conclude(k_reneg, view.address, "limited", params, std::move(evidence));
    // A fact this version of osescan does not write: never a pass.
    return common::conclude(k_reneg, view.address, "unreadable",
                            {{"endpoint", view.endpoint}, {"end", common::display_text(end)}}, std::move(evidence));
}

Finding judge_zero_rtt(const BehaviourView& view) {
    const facts::TlsBehaviour& fact = view.fact;
    nlohmann::json evidence = base_evidence(view);
    evidence["early_data"] = fact.early_data;
    evidence["max_early_data"] = fact.max_early_data;
    evidence["resumed"] = fact.resumed;
    if (fact.status != 0) evidence["status"] = fact.status;
    if (!fact.status_line.empty()) evidence["status_line"] = common::evidence_text(fact.status_line);
    nlohmann::json params{{"endpoint", view.endpoint},
                          {"max_early_data", fact.max_early_data},
                          {"status_line", common::display_text(fact.status_line)},
                          {"detail", common::display_text(fact.detail)}};
    const std::string& state = fact.early_data;
    namespace early = facts::early_data_status;
    if (state == early::no_tls13)
        return common::conclude(k_zero_rtt, view.address, "handshake-refused", params, std::move(evidence));
    if (state == early::no_ticket)
        return common::conclude(k_zero_rtt, view.address, "no-ticket", params, std::move(evidence));
    if (state == early::not_offered)
        return common::conclude(k_zero_rtt, view.address, "not-offered", params, std::move(evidence));
    if (state == early::rejected)
        return common::conclude(k_zero_rtt, view.address, "rejected", params, std::move(evidence));
    if (state == early::accepted) {
        // RFC 8470 §5.2: a server that cannot guard a request against replay answers 425.
        if (fact.status == 425)
            return common::conclude(k_zero_rtt, view.address, "too-early", params, std::move(evidence));
        if (fact.status != 0)
            return common::conclude(k_zero_rtt, view.address, "replayable", params, std::move(evidence));
        return common::conclude(k_zero_rtt, view.address, "accepted-no-answer", params, std::move(evidence));
    }
    return common::conclude(k_zero_rtt, view.address, "unreadable",
                            {{"endpoint", view.endpoint}, {"end", common::display_text(state)}}, std::move(evidence));
}

}  // namespace

facts::TlsBehaviourRequest behaviour_request(const facts::TargetFacts& facts, const std::string& address,
                                             const std::string& aspect) {
    facts::TlsBehaviourRequest r;
    r.address = address;
    r.port = facts.target().port;
    r.sni = facts.target().is_ip ? "" : facts.target().host;
    r.aspect = aspect;
    if (aspect == facts::tls_behaviour_aspect::zero_rtt) {
        r.host = facts.target().host;
        r.path = facts.target().path.empty() ? "/" : facts.target().path;
    }
    return r;
}

std::vector<Finding> check_tls_client_renegotiation(const facts::TargetFacts& facts) {
    return judge_behaviour(facts, k_reneg, facts::tls_behaviour_aspect::client_renegotiation, tls10_to_12, "no-tls12",
                           judge_renegotiation);
}

std::vector<Finding> check_tls_zero_rtt(const facts::TargetFacts& facts) {
    return judge_behaviour(facts, k_zero_rtt, facts::tls_behaviour_aspect::zero_rtt, tls13, "no-tls13", judge_zero_rtt);
}

const Check& tls_client_renegotiation_check() {
    static const Check check{
        CheckInfo{
            .id = k_reneg,
            .family = Family::tls,
            .title = "TLS client-initiated renegotiation",
            .scored = true,
            .needs_name = false,
            .why = "Every renegotiation costs the server a full handshake (its private-key operation) and the "
                   "client almost nothing, so a server that lets any client renegotiate at will can be worn "
                   "down by a few clients (denial of service). Browsers never ask for it; TLS 1.3 removed it.",
            .fix = "Refuse client-initiated renegotiation. OpenSSL 3 refuses it unless the application "
                   "allows it (SSL_OP_ALLOW_CLIENT_RENEGOTIATION); nginx always refuses it; in Apache do not "
                   "use per-directory TLS settings that need it; prefer TLS 1.3.",
            .snippets = {{"nginx",
                          "# nginx refuses client-initiated renegotiation; offer TLS 1.3 as well:\n"
                          "ssl_protocols TLSv1.2 TLSv1.3;"},
                         {"Apache",
                          "# no SSLVerifyClient/SSLCipherSuite inside <Directory>/<Location>\n"
                          "# (they make mod_ssl renegotiate); then OpenSSL refuses clients"},
                         {"OpenSSL s_server", "# do not pass -client_renegotiation"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 §3.4.2 (client-initiated renegotiation)", k_ncsc_url},
                     {"RFC 5746 §4.4, §5 (renegotiation, servers may refuse it)",
                      "https://www.rfc-editor.org/rfc/rfc5746#section-5"},
                     {"RFC 5246 §7.2.2 (no_renegotiation alert)",
                      "https://www.rfc-editor.org/rfc/rfc5246#section-7.2.2"}},
            .facts = {"dns", "tls-scan", "tls-behaviour"},
            .outcomes = {{"refused", Status::pass, "{endpoint} refuses client-initiated renegotiation ({detail})"},
                         {"limited", Status::warn,
                          "{endpoint} allowed {completed} client-initiated renegotiation(s), then refused ({detail})"},
                         {"allowed", Status::fail,
                          "{endpoint} allowed all {completed} client-initiated renegotiations asked for: "
                          "a few clients can exhaust it"},
                         {"no-answer", Status::error,
                          "Could not tell: {endpoint} did not answer renegotiation {asked} ({detail})"},
                         {"handshake-refused", Status::error,
                          "Could not tell: {endpoint} refused the TLS 1.0-1.2 handshake of the renegotiation "
                          "test ({detail})"},
                         {"unreadable", Status::error, "Could not tell: the recorded test of {endpoint} ended '{end}'"},
                         {"no-tls12", Status::not_applicable,
                          "{endpoint} speaks no TLS 1.0-1.2: there is no renegotiation (TLS 1.3)"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_client_renegotiation};
    return check;
}

const Check& tls_zero_rtt_check() {
    static const Check check{
        CheckInfo{
            .id = k_zero_rtt,
            .family = Family::tls,
            .title = "TLS 1.3 0-RTT (early data)",
            .scored = true,
            .needs_name = false,
            .why = "Early data sent with a TLS 1.3 resumption (0-RTT) is not protected against replay: anyone "
                   "who recorded it can send it again, and a server that acts on it acts twice (a payment, a "
                   "form post). A server may accept early data only where the application is safe against "
                   "replay, and should answer other requests in it with 425 Too Early.",
            .fix = "Switch 0-RTT off, or let the application answer requests received as early data with "
                   "425 Too Early (RFC 8470) unless they are safe to replay.",
            .snippets = {{"nginx",
                          "ssl_early_data off;   # the default\n"
                          "# or keep it on and refuse early requests:\n"
                          "# if ($ssl_early_data) { return 425; }"},
                         {"Apache", "# mod_ssl does not offer 0-RTT; nothing to do"},
                         {"HAProxy",
                          "# remove 'allow-0rtt' from the bind line, or:\n"
                          "http-request wait-for-handshake"}},
            .refs = {{"NCSC-NL TLS guidelines 2025-05 (0-RTT)", k_ncsc_url},
                     {"RFC 8446 §8 (0-RTT and anti-replay)", "https://www.rfc-editor.org/rfc/rfc8446#section-8"},
                     {"RFC 8446 §2.3, §4.2.10 (early data)", "https://www.rfc-editor.org/rfc/rfc8446#section-4.2.10"},
                     {"RFC 8470 §5.2 (425 Too Early)", "https://www.rfc-editor.org/rfc/rfc8470#section-5.2"}},
            .facts = {"dns", "tls-scan", "tls-behaviour"},
            .outcomes = {{"not-offered", Status::pass,
                          "{endpoint} offers no 0-RTT: its session tickets say max_early_data 0"},
                         {"no-ticket", Status::pass, "{endpoint} issues no TLS 1.3 session ticket, so no 0-RTT"},
                         {"rejected", Status::pass,
                          "{endpoint} rejected the early data of a resumption (max_early_data {max_early_data})"},
                         {"too-early", Status::pass,
                          "{endpoint} accepts early data but answers requests in it '{status_line}' (RFC 8470)"},
                         {"replayable", Status::fail,
                          "{endpoint} accepted an HTTP request sent as 0-RTT early data and answered it "
                          "'{status_line}': the request can be replayed"},
                         {"accepted-no-answer", Status::error,
                          "Could not tell: {endpoint} accepted 0-RTT early data but sent no HTTP answer to it "
                          "({detail})"},
                         {"handshake-refused", Status::error,
                          "Could not tell: {endpoint} refused the TLS 1.3 handshake of the 0-RTT test ({detail})"},
                         {"unreadable", Status::error, "Could not tell: the recorded test of {endpoint} ended '{end}'"},
                         {"no-tls13", Status::not_applicable, "{endpoint} speaks no TLS 1.3: there is no 0-RTT"},
                         {"no-tls", Status::not_applicable,
                          "{endpoint} accepts no TLS version (tls.version reports it)"}},
        },
        check_tls_zero_rtt};
    return check;
}

}  // namespace osescan::checks::tls
