#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/time/sample_evidence.hpp"
#include "checks/time/time_checks.hpp"
#include "checks/time/time_servers.hpp"

namespace osescan::checks::time {

namespace {

constexpr const char* k_id = "nts.ntp";

Finding judge(const facts::TargetFacts& facts, const TimeServer& server, const std::string& address) {
    const std::string subject = server_subject(server, address);
    const auto& observed = facts.nts(nts_request(server, address));
    if (!observed.ok()) {
        // No key exchange at all: there is no cookie, so no NTS time from this server.
        if (observed.error().kind == facts::probe_error::connection_refused)
            return common::conclude(k_id, subject, "no-cookie",
                                    {{"endpoint", subject}, {"reason", "nothing accepts NTS-KE connections"}},
                                    {{"probe_error", observed.error().kind}});
        return common::probe_error_finding(k_id, subject, observed.error(), "the NTS exchange with " + subject);
    }
    const facts::NtsExchange& e = observed.value();
    const facts::NtpExchange& ntp = e.ntp;
    nlohmann::json evidence = exchange_evidence(ntp);
    // The key exchange's certificate is judged by nts.ke; this check judges the NTP half.
    evidence["aead_algorithms"] = e.aead_algorithms;
    const std::string server_endpoint =
        common::display_text(ntp.address.empty() ? subject : evidence["server"].get<std::string>());
    if (ntp.outcome == facts::ntp_outcome::not_attempted)
        return common::conclude(k_id, subject, "no-cookie",
                                {{"endpoint", subject}, {"reason", common::display_text(ntp.detail)}}, evidence);
    if (ntp.outcome == facts::ntp_outcome::ok)
        return common::conclude(
            k_id, subject, "nts-time",
            {{"server", server_endpoint}, {"stratum", ntp.sample.stratum}, {"new_cookies", ntp.new_cookies}}, evidence);
    // RFC 8915 §5.7: the server could not use the cookie (NTS negative acknowledgement).
    if (ntp.outcome == facts::ntp_outcome::nts_nak)
        return common::conclude(k_id, subject, "nts-nak", {{"server", server_endpoint}}, evidence);
    if (ntp.outcome == facts::ntp_outcome::bad_authenticator)
        return common::conclude(k_id, subject, "bad-authenticator",
                                {{"server", server_endpoint}, {"detail", common::display_text(ntp.detail)}}, evidence);
    if (ntp.outcome == facts::ntp_outcome::no_answer || ntp.outcome == facts::ntp_outcome::refused)
        return common::conclude(k_id, subject, "no-answer",
                                {{"server", server_endpoint}, {"detail", common::display_text(ntp.detail)}}, evidence);
    return common::conclude(k_id, subject, "bad-reply",
                            {{"server", server_endpoint}, {"detail", common::display_text(ntp.detail)}}, evidence);
}

std::vector<Finding> check_nts_ntp(const facts::TargetFacts& facts) {
    return judge_time_servers(
        facts, k_id,
        [](const TimeServer& server, const std::string& address) -> std::vector<facts::Request> {
            return {nts_request(server, address)};
        },
        [&](const TimeServer& server, const std::string& address) { return judge(facts, server, address); });
}

}  // namespace

const Check& nts_ntp_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::time,
            .title = "NTS-authenticated time",
            .scored = true,
            .needs_name = false,
            .why = "The key exchange only matters if the server then answers NTP requests that carry "
                   "its cookie with replies authenticated by the negotiated keys (RFC 8915 §5): only "
                   "then can a client tell a genuine time from a forged one. A server whose NTS-KE "
                   "works but whose NTP port is closed, or that rejects its own cookies, gives clients "
                   "no secure time.",
            .fix = "Let the NTP server that the key exchange names (by default the same host, UDP port "
                   "123) answer NTS requests: open UDP 123 in the firewall, allow clients, and make sure "
                   "NTS-KE and NTP share the cookie keys (one chrony instance, or ntsdumpdir shared).",
            .snippets = {{"chrony (/etc/chrony/chrony.conf)",
                          "allow all\n"
                          "# port 123                 # the NTP port (never 0 on a server)\n"
                          "# ntsntpserver time.example.com   # only if NTP is served by another host"},
                         {"nftables", "udp dport 123 accept\ntcp dport 4460 accept"}},
            .refs = {{"RFC 8915 §5 (NTS extension fields for NTPv4)",
                      "https://www.rfc-editor.org/rfc/rfc8915#section-5"},
                     {"RFC 8915 §5.7 (protocol details, NTS NAK)", "https://www.rfc-editor.org/rfc/"
                                                                   "rfc8915#section-5.7"},
                     {"RFC 5905 (NTPv4)", "https://www.rfc-editor.org/rfc/rfc5905"}},
            .facts = {"dns", "nts"},
            .outcomes = join_outcomes(
                {{{"nts-time", Status::pass,
                   "{server}: authenticated NTP reply (stratum {stratum}), {new_cookies} new cookies"},
                  {"no-cookie", Status::fail, "{endpoint}: no NTS request possible: {reason}",
                   "Fix the key exchange first (see nts.ke): NTS needs its keys and cookies."},
                  {"nts-nak", Status::fail, "{server}: the server rejected its own cookie (NTS NAK, kiss code NTSN)",
                   "The NTP server cannot decrypt the cookies the key exchange hands out: NTS-KE and NTP "
                   "must share the cookie keys (same chrony instance, or a shared ntsdumpdir)."},
                  {"bad-authenticator", Status::fail, "{server}: the reply is not authenticated ({detail})"},
                  {"no-answer", Status::fail, "{server}: no answer to the NTS request ({detail})"},
                  {"bad-reply", Status::fail, "{server}: unusable reply to the NTS request ({detail})"}},
                 time_server_outcomes()}),
        },
        check_nts_ntp};
    return check;
}

}  // namespace osescan::checks::time
