#include "checks/certificate/certificate_lifetime.hpp"

#include "checks/certificate/served_chain.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "facts/iso_time.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.lifetime";
constexpr int64_t k_seconds_per_day = 86400;

// CA/Browser Forum Baseline Requirements §6.3.2 (ballots SC22, SC-081): the maximum
// validity of a subscriber certificate by the date it was issued (00:00:00 UTC).
struct Limit {
    int64_t from;  // notBefore at or after this Unix time
    int days;
};
constexpr Limit k_limits[] = {
    {1868227200, 47},   // 2029-03-15
    {1805068800, 100},  // 2027-03-15
    {1773532800, 200},  // 2026-03-15
    {1598918400, 398},  // 2020-09-01 (SC22, as browsers enforce it)
};
constexpr int k_before_2020_09_01 = 825;  // BR 1.6.x §6.3.2 for certificates issued 2018-03-01 .. 2020-08-31

}  // namespace

int64_t validity_days(int64_t not_before, int64_t not_after) {
    if (not_after < not_before) return 0;
    // Both ends inclusive: the period lasts (notAfter - notBefore + 1) seconds, and a part
    // day counts as a day: ceil((difference + 1) / 86400) = difference / 86400 + 1.
    // Unsigned arithmetic: the dates are untrusted and may be any int64.
    const uint64_t difference = static_cast<uint64_t>(not_after) - static_cast<uint64_t>(not_before);
    return static_cast<int64_t>(difference / k_seconds_per_day + 1);
}

int max_validity_days(int64_t not_before) {
    for (const Limit& limit : k_limits)
        if (not_before >= limit.from) return limit.days;
    return k_before_2020_09_01;
}

namespace {

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const ServedChain served = served_chain(facts, k_id, address);
    if (served.problem) return *served.problem;
    const facts::Certificate& leaf = served.handshake->chain.front();
    const std::string endpoint = common::address_port(address, facts.target().port);
    const int64_t days = validity_days(leaf.not_before, leaf.not_after);
    const int limit = max_validity_days(leaf.not_before);
    nlohmann::json evidence{{"endpoint", endpoint},
                            {"leaf", certificate_identity(leaf, 0)},
                            {"not_before", facts::iso8601_utc(leaf.not_before)},
                            {"not_after", facts::iso8601_utc(leaf.not_after)},
                            {"validity_days", days},
                            {"max_days", limit}};  // how days are counted: in the explanation, once
    const nlohmann::json params{{"endpoint", endpoint},
                                {"days", days},
                                {"max", limit},
                                {"issued", facts::iso8601_utc(leaf.not_before).substr(0, 10)}};
    // The limits bind publicly trusted subscriber certificates; intermediates and roots
    // have none, so only the leaf is judged.
    if (days > limit) return common::conclude(k_id, address, "too-long", params, std::move(evidence));
    return common::conclude(k_id, address, "within-limit", params, std::move(evidence));
}

}  // namespace

std::vector<Finding> check_certificate_lifetime(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::default_tls(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& certificate_lifetime_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate lifetime",
            .scored = false,
            .needs_name = false,
            .why = "Browsers only accept publicly trusted certificates up to a maximum "
                   "lifetime, which the CA/Browser Forum is shortening step by step: 398 "
                   "days, 200 days for certificates issued from 15 March 2026, 100 days from "
                   "15 March 2027 and 47 days from 15 March 2029. Short lifetimes limit how "
                   "long a stolen key or a wrong certificate stays usable; they only work "
                   "with automated renewal. Days are counted as the Baseline Requirements "
                   "count them (§6.3.2): notBefore through notAfter inclusive, a part day "
                   "counting as a whole day.",
            .fix = "Get certificates from an ACME CA with automated renewal (certbot, acme.sh, "
                   "your server's built-in ACME client) and let them be renewed at two thirds "
                   "of their lifetime, instead of buying long-lived certificates by hand.",
            .snippets = {{"shell (certbot)",
                          "certbot certonly --webroot -w /var/www/html -d example.com\n"
                          "systemctl list-timers 'certbot*'   # renewal is automatic"}},
            .refs = {{"CA/Browser Forum Baseline Requirements §6.3.2 (validity periods)",
                      "https://cabforum.org/working-groups/server/baseline-requirements/requirements/"},
                     {"CA/Browser Forum ballot SC-081 (shorter lifetimes from 2026)",
                      "https://cabforum.org/2025/04/11/ballot-sc081v3-introduce-schedule-of-reducing-validity-"
                      "and-data-reuse-periods/"},
                     {"RFC 5280 §4.1.2.5 (validity)", "https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5"}},
            .facts = {"dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"within-limit", Status::pass,
                  "The certificate of {endpoint} is valid for {days} days, within the {max} days allowed for "
                  "certificates issued on {issued}"},
                 {"too-long", Status::warn,
                  "The certificate of {endpoint} is valid for {days} days, longer than the {max} days allowed for "
                  "certificates issued on {issued}"}}),
        },
        check_certificate_lifetime};
    return check;
}

}  // namespace osescan::checks::certificate
