#include "checks/certificate/certificate_validity.hpp"

#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"
#include "facts/iso_time.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.validity";
constexpr int64_t k_seconds_per_day = 86400;

std::string describe(const facts::Certificate& certificate, size_t position) {
    return chain_role(certificate, position) + " certificate " + common::display_text(certificate.subject, 80);
}

Finding judge_endpoint(const facts::TargetFacts& facts, const std::string& check_id, const common::TlsEndpoint& at) {
    const ServedChain served = served_chain(facts, check_id, at);
    if (served.problem) return *served.problem;
    const std::vector<facts::Certificate>& chain = served.handshake->chain;
    const std::string& endpoint = at.label;
    // The scan's start time, recorded with the facts: a replay judges as the scan did.
    const int64_t now = facts.context().now;
    // Compare against now + 14 days rather than subtracting: not_after is untrusted and may
    // be any int64, `now` is a sane scan time.
    const int64_t warning_from = now + k_expiry_warning_days * k_seconds_per_day;

    nlohmann::json certificates = nlohmann::json::array();
    std::string fail_outcome;
    nlohmann::json fail_params;
    for (size_t i = 0; i < chain.size(); ++i) {
        const facts::Certificate& certificate = chain[i];
        nlohmann::json entry = certificate_identity(certificate, i);
        entry["not_before"] = facts::iso8601_utc(certificate.not_before);
        entry["not_after"] = facts::iso8601_utc(certificate.not_after);
        entry["days_left"] = facts::days_between(now, certificate.not_after);
        const bool judged = !is_sent_trust_anchor(certificate, i);
        entry["judged"] = judged;
        // RFC 5280 §4.1.2.5: valid from notBefore through notAfter, both inclusive.
        std::string state = "valid";
        if (now < certificate.not_before) state = "not-yet-valid";
        else if (now > certificate.not_after) state = "expired";
        else if (i == 0 && certificate.not_after <= warning_from)
            state = "expires-soon";
        entry["state"] = state;
        if (judged && fail_outcome.empty() && (state == "expired" || state == "not-yet-valid")) {
            fail_outcome = state;
            fail_params = {{"certificate", describe(certificate, i)},
                           {"endpoint", endpoint},
                           {"not_before", facts::iso8601_utc(certificate.not_before)},
                           {"not_after", facts::iso8601_utc(certificate.not_after)}};
        }
        certificates.push_back(std::move(entry));
    }

    const facts::Certificate& leaf = chain.front();
    const int64_t leaf_days_left = facts::days_between(now, leaf.not_after);
    nlohmann::json evidence{{"endpoint", endpoint},
                            {"now", facts::iso8601_utc(now)},
                            {"leaf_not_after", facts::iso8601_utc(leaf.not_after)},
                            {"leaf_days_left", leaf_days_left},
                            {"warning_days", k_expiry_warning_days},
                            {"certificates", std::move(certificates)}};
    if (!fail_outcome.empty())
        return common::conclude(check_id, at.subject, fail_outcome, fail_params, std::move(evidence));
    const nlohmann::json params{
        {"endpoint", endpoint}, {"not_after", facts::iso8601_utc(leaf.not_after)}, {"days", leaf_days_left}};
    if (leaf.not_after <= warning_from)
        return common::conclude(check_id, at.subject, "expires-soon", params, std::move(evidence));
    return common::conclude(check_id, at.subject, "valid", params, std::move(evidence));
}

}  // namespace

std::vector<Finding> judge_certificate_validity(const facts::TargetFacts& facts, const std::string& check_id,
                                                common::EndpointSource source) {
    // A facts file without (or with an absurd) scan time cannot be judged for dates.
    constexpr int64_t k_year_9999 = 253402300799;
    if (facts.context().now <= 0 || facts.context().now > k_year_9999)
        return {common::conclude(check_id, "", "no-scan-time", {}, {{"now", facts.context().now}})};
    return judge_served_chains(facts, check_id, source,
                               [&](const common::TlsEndpoint& at) { return judge_endpoint(facts, check_id, at); });
}

std::vector<Finding> check_certificate_validity(const facts::TargetFacts& facts) {
    return judge_certificate_validity(facts, k_id, common::web_endpoints);
}

const Check& certificate_validity_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate validity period",
            .scored = true,
            .needs_name = false,
            .why = "Every certificate is valid only between two dates. Once the site's "
                   "certificate (or an intermediate it relies on) has expired, or before it "
                   "becomes valid, browsers block the site with a security warning. An "
                   "expiry within two weeks usually means automatic renewal is broken.",
            .fix = "Renew the certificate and reload the web server so it serves the new "
                   "one. Automate renewal (certbot's timer or your ACME client's cron job) "
                   "with a reload hook, and monitor expiry. If an intermediate has expired, "
                   "download the current chain from your CA and serve that. Check the "
                   "server's clock if the certificate is not yet valid.",
            .snippets = {{"shell (certbot, nginx)",
                          "certbot renew --deploy-hook \"systemctl reload nginx\"\n"
                          "systemctl list-timers 'certbot*'   # is automatic renewal scheduled?"},
                         {"shell (certbot, Apache)",
                          "certbot renew --deploy-hook \"systemctl reload apache2\""}},
            .refs = {{"RFC 5280 §4.1.2.5 (validity period)",
                      "https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5"},
                     {"RFC 8555 (ACME: automatic certificate renewal)",
                      "https://www.rfc-editor.org/rfc/rfc8555"},
                     {"NCSC-NL TLS guidelines 2025-05 (certificates)",
                      "https://english.ncsc.nl/publications/publications/2025/06/26/"
                      "security-guidelines-for-transport-layer-security-2025-05"}},
            .facts = {"dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"valid", Status::pass, "The certificate of {endpoint} is valid until {not_after} ({days} days left)"},
                 {"expires-soon", Status::warn, "The certificate of {endpoint} expires on {not_after} (in {days} days)"},
                 blocking({"expired", Status::fail, "The {certificate} on {endpoint} expired on {not_after}"}),
                 blocking({"not-yet-valid", Status::fail, "The {certificate} on {endpoint} is not valid before {not_before}"}),
                 {"no-scan-time", Status::error, "Could not tell: the scan's time is not recorded in the facts"}}),
        },
        check_certificate_validity};
    return check;
}

}  // namespace osescan::checks::certificate
