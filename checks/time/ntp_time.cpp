#include <cmath>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"
#include "checks/time/sample_evidence.hpp"
#include "checks/time/time_checks.hpp"
#include "checks/time/time_servers.hpp"

namespace osescan::checks::time {

namespace {

constexpr const char* k_id = "ntp.time";
// Offsets beyond this are wrong time, not jitter (checks.md: offset > 1 s -> warn).
constexpr double k_max_offset_ms = 1000;

Finding judge(const facts::TargetFacts& facts, const TimeServer& server, const std::string& address) {
    const std::string subject = server_subject(server, address);
    const auto& nts = facts.nts(nts_request(server, address));
    const auto& plain = facts.ntp(ntp_request(address));
    if (!plain.ok()) return common::probe_error_finding(k_id, subject, plain.error(), "the NTP request to " + address);
    const bool nts_ok = nts.ok() && nts.value().ntp.outcome == facts::ntp_outcome::ok;
    nlohmann::json evidence{{"plain_ntp", exchange_evidence(plain.value())}, {"nts", nts_ok}};
    if (nts.ok()) evidence["nts_ntp"] = exchange_evidence(nts.value().ntp);
    // The authenticated sample when there is one: it is the one a client can trust.
    const facts::NtpExchange* used =
        nts_ok ? &nts.value().ntp : (plain.value().outcome == facts::ntp_outcome::ok ? &plain.value() : nullptr);
    if (!used)
        return common::conclude(k_id, subject, "no-time",
                                {{"endpoint", subject}, {"detail", common::display_text(plain.value().detail)}},
                                evidence);
    const facts::NtpSample& s = used->sample;
    const nlohmann::json params{{"server", common::address_port(used->address, used->port)},
                                {"stratum", s.stratum},
                                {"offset", milliseconds_text(s.offset_ms)},
                                {"root_distance", milliseconds_text(s.root_distance_ms)}};
    // RFC 5905 §7.3: leap indicator 3 = unsynchronised; stratum 16 = unsynchronised.
    if (s.leap == 3 || s.stratum >= 16) return common::conclude(k_id, subject, "unsynchronised", params, evidence);
    if (!std::isfinite(s.offset_ms) || std::fabs(s.offset_ms) > k_max_offset_ms)
        return common::conclude(k_id, subject, "offset-large", params, evidence);
    if (!nts_ok) return common::conclude(k_id, subject, "plain-ntp-only", params, evidence);
    return common::conclude(k_id, subject, "time-ok", params, evidence);
}

std::vector<Finding> check_ntp_time(const facts::TargetFacts& facts) {
    return judge_time_servers(
        facts, k_id,
        [](const TimeServer& server, const std::string& address) -> std::vector<facts::Request> {
            return {nts_request(server, address), ntp_request(address)};
        },
        [&](const TimeServer& server, const std::string& address) { return judge(facts, server, address); });
}

}  // namespace

const Check& ntp_time_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::time,
            .title = "Time served",
            .scored = false,
            .needs_name = false,
            .why = "What the server's clock says: its stratum (distance from a reference clock), its "
                   "offset from this machine's clock and its root distance (the bound on its error). "
                   "A server more than a second off, or unsynchronised, misleads its clients; one that "
                   "answers only plain NTP can be impersonated by anyone on the path.",
            .fix = "Synchronise the server to good sources, and serve NTS (see nts.ke and nts.ntp) so "
                   "that clients can authenticate its time.",
            .snippets = {{"chrony (/etc/chrony/chrony.conf)",
                          "pool 2.pool.ntp.org iburst\n"
                          "server time.cloudflare.com iburst nts\n"
                          "ntsservercert /etc/letsencrypt/live/time.example.com/fullchain.pem\n"
                          "ntsserverkey  /etc/letsencrypt/live/time.example.com/privkey.pem"}},
            .refs = {{"RFC 5905 §7.3 and §8 (packet header, offset and delay)",
                      "https://www.rfc-editor.org/rfc/rfc5905#section-8"},
                     {"RFC 8915 (Network Time Security)", "https://www.rfc-editor.org/rfc/rfc8915"}},
            .facts = {"dns", "nts", "ntp"},
            .outcomes = join_outcomes(
                {{{"time-ok", Status::pass,
                   "{server}: stratum {stratum}, offset {offset} ms, root distance {root_distance} ms (NTS)"},
                  {"plain-ntp-only", Status::info,
                   "{server}: stratum {stratum}, offset {offset} ms, root distance {root_distance} ms, "
                   "over plain NTP only (not NTS-authenticated)"},
                  {"offset-large", Status::warn, "{server}: offset {offset} ms from this machine's clock (over 1 s)",
                   "Check the server's time sources (chronyc sources -v) and this machine's clock: one of "
                   "the two is wrong by more than a second."},
                  {"unsynchronised", Status::warn,
                   "{server}: the server says its clock is unsynchronised (stratum {stratum})"},
                  {"no-time", Status::warn, "{endpoint}: no NTP answer, plain or NTS ({detail})"}},
                 time_server_outcomes()}),
        },
        check_ntp_time};
    return check;
}

}  // namespace osescan::checks::time
