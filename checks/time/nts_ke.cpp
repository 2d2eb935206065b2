#include <algorithm>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/time/time_checks.hpp"
#include "checks/time/time_servers.hpp"

namespace osescan::checks::time {

namespace {

constexpr const char* k_id = "nts.ke";

std::string join_numbers(const std::vector<int>& values) {
    std::string out;
    for (int v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
    return out.empty() ? "none" : out;
}

nlohmann::json ke_evidence(const facts::NtsExchange& e) {
    nlohmann::json records = nlohmann::json::array();
    for (const facts::NtsKeRecord& r : e.records)
        records.push_back({{"type", r.type}, {"critical", r.critical}, {"length", r.length}});
    nlohmann::json j{{"tls_version", e.tls.version},
                     {"cipher", e.tls.cipher},
                     {"alpn", e.tls.alpn},
                     {"certificate_trusted", e.tls.verify_ok},
                     {"certificate_name_matches", e.tls.name_matches},
                     {"records", records},
                     {"next_protocols", e.next_protocols},
                     {"aead_algorithms", e.aead_algorithms},
                     {"cookies", e.cookies},
                     {"cookie_bytes", e.cookie_bytes}};
    if (!e.tls.chain.empty()) {
        j["certificate_subject"] = common::evidence_text(e.tls.chain.front().subject);
        j["certificate_not_after"] = e.tls.chain.front().not_after;
    }
    if (!e.tls.verify_ok) j["verify_message"] = common::evidence_text(e.tls.verify_message);
    if (e.error_code >= 0) j["error_code"] = e.error_code;
    if (e.warning_code >= 0) j["warning_code"] = e.warning_code;
    if (!e.ntp_server.empty()) j["ntp_server"] = common::evidence_text(e.ntp_server);
    if (e.ntp_port >= 0) j["ntp_port"] = e.ntp_port;
    if (!e.ke_failure.empty()) j["ke_failure"] = common::evidence_text(e.ke_failure);
    return j;
}

Finding judge(const facts::TargetFacts& facts, const TimeServer& server, const std::string& address) {
    const std::string subject = server_subject(server, address);
    const auto& observed = facts.nts(nts_request(server, address));
    if (!observed.ok()) {
        if (observed.error().kind == facts::probe_error::connection_refused)
            return common::conclude(k_id, subject, "no-nts-ke", {{"endpoint", subject}},
                                    {{"probe_error", observed.error().kind},
                                     {"detail", common::evidence_text(observed.error().detail)}});
        return common::probe_error_finding(k_id, subject, observed.error(), "the NTS key exchange with " + subject);
    }
    const facts::NtsExchange& e = observed.value();
    nlohmann::json evidence = ke_evidence(e);
    const nlohmann::json endpoint{{"endpoint", subject}};
    auto with = [&](nlohmann::json params) {
        params["endpoint"] = subject;
        return params;
    };
    // RFC 8915 §3: TLS 1.3 or later, nothing older.
    if (!e.tls.accepted)
        return common::conclude(k_id, subject, "tls-failed", with({{"failure", common::display_text(e.tls.failure)}}),
                                evidence);
    // The certificate, as an NTS client verifies it (RFC 8915 §3, RFC 5280, RFC 6125).
    if (!e.tls.verify_ok)
        return common::conclude(k_id, subject, "certificate-untrusted",
                                with({{"reason", common::display_text(e.tls.verify_message)}}), evidence);
    if (!server.is_ip && !e.tls.name_matches)
        return common::conclude(k_id, subject, "certificate-wrong-name", with({{"name", server.host}}), evidence);
    if (!e.tls.chain.empty()) {
        const facts::Certificate& leaf = e.tls.chain.front();
        const int64_t now = facts.context().now;
        if (leaf.not_after < now || leaf.not_before > now)
            return common::conclude(k_id, subject, "certificate-expired", endpoint, evidence);
    }
    if (e.tls.alpn != "ntske/1") return common::conclude(k_id, subject, "no-alpn", endpoint, evidence);
    if (!e.ke_completed)
        return common::conclude(k_id, subject, "ke-failed", with({{"reason", common::display_text(e.ke_failure)}}),
                                evidence);
    if (e.error_code >= 0) return common::conclude(k_id, subject, "ke-error", with({{"code", e.error_code}}), evidence);
    if (!e.unknown_critical.empty())
        return common::conclude(k_id, subject, "ke-unknown-critical",
                                with({{"types", join_numbers(e.unknown_critical)}}), evidence);
    if (e.next_protocols != std::vector<int>{facts::k_nts_protocol_ntpv4})
        return common::conclude(k_id, subject, "no-ntpv4", with({{"protocols", join_numbers(e.next_protocols)}}),
                                evidence);
    if (e.aead_algorithms != std::vector<int>{facts::k_aead_aes_siv_cmac_256})
        return common::conclude(k_id, subject, "aead-not-agreed",
                                with({{"algorithms", join_numbers(e.aead_algorithms)}}), evidence);
    if (e.cookies == 0) return common::conclude(k_id, subject, "no-cookies", endpoint, evidence);
    return common::conclude(k_id, subject, "nts-ke-ok", with({{"tls_version", e.tls.version}, {"cookies", e.cookies}}),
                            evidence);
}

std::vector<Finding> check_nts_ke(const facts::TargetFacts& facts) {
    return judge_time_servers(
        facts, k_id,
        [](const TimeServer& server, const std::string& address) -> std::vector<facts::Request> {
            return {nts_request(server, address)};
        },
        [&](const TimeServer& server, const std::string& address) { return judge(facts, server, address); });
}

}  // namespace

const Check& nts_ke_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::time,
            .title = "NTS key exchange",
            .scored = true,
            .needs_name = false,
            .why = "Clocks are trusted by everything that checks a date: certificate expiry, DNSSEC "
                   "signatures, RPKI objects, Kerberos tickets, logs. Plain NTP is unauthenticated, so "
                   "anyone on the path can shift a client's clock. Network Time Security (RFC 8915) "
                   "starts with a key exchange over TLS 1.3 in which the server proves its identity "
                   "with a certificate and hands the client keys and cookies for authenticated NTP.",
            .fix = "Serve NTS-KE on TCP port 4460 with TLS 1.3 and a certificate that is valid, trusted "
                   "and names the server (the same kind of certificate as for HTTPS), offering "
                   "AEAD_AES_SIV_CMAC_256. chrony (4.0 and later) and NTPsec do this with a few lines of "
                   "configuration.",
            .snippets = {{"chrony (/etc/chrony/chrony.conf)",
                          "ntsservercert /etc/letsencrypt/live/time.example.com/fullchain.pem\n"
                          "ntsserverkey  /etc/letsencrypt/live/time.example.com/privkey.pem\n"
                          "allow all            # serve NTP to clients\n"
                          "# ntsport 4460       # the default"},
                         {"NTPsec (/etc/ntpsec/ntp.conf)",
                          "nts cert /etc/letsencrypt/live/time.example.com/fullchain.pem\n"
                          "nts key  /etc/letsencrypt/live/time.example.com/privkey.pem\n"
                          "nts enable"}},
            .refs = {{"RFC 8915 §4 (NTS Key Establishment)", "https://www.rfc-editor.org/rfc/rfc8915#section-4"},
                     {"RFC 8915 §3 (TLS 1.3, ALPN ntske/1)", "https://www.rfc-editor.org/rfc/rfc8915#section-3"},
                     {"RFC 8446 (TLS 1.3)", "https://www.rfc-editor.org/rfc/rfc8446"},
                     {"RFC 5297 (AES-SIV)", "https://www.rfc-editor.org/rfc/rfc5297"}},
            .facts = {"dns", "nts"},
            .outcomes = join_outcomes(
                {{{"nts-ke-ok", Status::pass,
                   "{endpoint}: NTS-KE over {tls_version}, AEAD_AES_SIV_CMAC_256 agreed, {cookies} cookies"},
                  {"no-nts-ke", Status::fail, "No NTS-KE: nothing accepts connections on {endpoint}"},
                  {"tls-failed", Status::fail,
                   "{endpoint}: the TLS 1.3 handshake failed ({failure}); NTS-KE requires TLS 1.3",
                   "Enable TLS 1.3 on the NTS-KE port (RFC 8915 §3 forbids older versions) and check that the "
                   "server has its certificate and key."},
                  {"certificate-untrusted", Status::fail,
                   "{endpoint}: the NTS-KE certificate is not trusted ({reason})",
                   "Serve the full chain of a certificate from a CA the clients trust."},
                  {"certificate-wrong-name", Status::fail, "{endpoint}: the NTS-KE certificate is not valid for {name}",
                   "Use a certificate whose subjectAltName names the time server."},
                  {"certificate-expired", Status::fail,
                   "{endpoint}: the NTS-KE certificate is outside its validity period",
                   "Renew the certificate (and automate the renewal); chrony reloads it on restart."},
                  {"no-alpn", Status::fail, "{endpoint}: the server did not select ALPN ntske/1 (RFC 8915 §4)"},
                  {"ke-failed", Status::fail, "{endpoint}: the NTS key exchange did not complete ({reason})"},
                  {"ke-error", Status::fail, "{endpoint}: the server answered with NTS-KE Error record {code}"},
                  {"ke-unknown-critical", Status::fail,
                   "{endpoint}: the server sent critical records of unknown types ({types})"},
                  {"no-ntpv4", Status::fail, "{endpoint}: NTPv4 was not agreed as next protocol (got: {protocols})"},
                  {"aead-not-agreed", Status::fail,
                   "{endpoint}: AEAD_AES_SIV_CMAC_256 was not agreed (got: {algorithms})"},
                  {"no-cookies", Status::fail, "{endpoint}: the key exchange gave no cookie"}},
                 time_server_outcomes()}),
        },
        check_nts_ke};
    return check;
}

}  // namespace osescan::checks::time
