#include "checks/https/hsts_preload.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "checks/https/hsts_header.hpp"
#include "checks/https/hsts_policy.hpp"
#include "checks/https/location_url.hpp"
#include "checks/mail/organizational_domain.hpp"

namespace osescan::checks::https {

namespace {

constexpr const char* k_id = "hsts.preload";

// hstspreload.org's submission rules, each as one missing item when broken:
//   1. a valid certificate; 2. HTTP on port 80 (if it listens) redirects to HTTPS on the
//   same host first; 3. the base domain's HTTPS response has Strict-Transport-Security
//   with max-age >= 31536000, includeSubDomains and preload.
Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const std::string endpoint = common::address_port(address, facts.target().port);
    const auto& https_response = facts.http(common::https_first(facts, address));
    if (!https_response.ok())
        return common::probe_error_finding(k_id, address, https_response.error(), "the HTTPS request to " + endpoint);
    const auto& plain = facts.http(common::http_first(facts, address));
    const bool nothing_on_80 = !plain.ok() && plain.error().kind == facts::probe_error::connection_refused;
    if (!plain.ok() && !nothing_on_80)
        return common::probe_error_finding(k_id, address, plain.error(),
                                           "the plain-HTTP request to " + common::address_port(address, 80));
    const auto& handshake_fact = facts.tls(common::default_tls(facts, address));
    if (!handshake_fact.ok())
        return common::probe_error_finding(k_id, address, handshake_fact.error(), "the TLS handshake with " + endpoint);

    std::vector<std::string> missing;
    nlohmann::json evidence{{"endpoint", endpoint}};
    const facts::TlsHandshake& handshake = handshake_fact.value();
    const bool certificate_valid = handshake.accepted && handshake.verify_ok && handshake.name_matches &&
                                   !handshake.chain.empty() &&
                                   handshake.chain.front().not_before <= facts.context().now &&
                                   facts.context().now <= handshake.chain.front().not_after;
    evidence["certificate_valid"] = certificate_valid;
    if (!certificate_valid) missing.emplace_back("a valid certificate");

    const facts::HttpHeader* sts = https_response.value().header("Strict-Transport-Security");
    if (!sts) {
        missing.emplace_back("a Strict-Transport-Security header");
    } else {
        evidence["header"] = common::evidence_text(sts->value);
        const HstsParseResult parsed = parse_hsts_header(sts->value);
        if (!parsed.valid) {
            missing.emplace_back("a valid Strict-Transport-Security header");
        } else {
            if (parsed.policy.max_age < k_hsts_min_max_age) missing.emplace_back("max-age of at least 31536000");
            if (!parsed.policy.include_subdomains) missing.emplace_back("includeSubDomains");
            if (!parsed.policy.preload) missing.emplace_back("preload");
        }
    }

    if (nothing_on_80) {
        evidence["port80"] = "closed";
    } else {
        const facts::HttpResponse& response = plain.value();
        evidence["port80_status"] = response.status;
        const facts::HttpHeader* location = response.header("Location");
        const auto target = location ? parse_location(location->value) : std::nullopt;
        const bool same_host_https = response.status >= 300 && response.status <= 399 && target &&
                                     target->form == LocationTarget::Form::absolute && target->scheme == "https" &&
                                     target->host == facts.target().host;
        if (location) evidence["port80_location"] = common::evidence_text(location->value);
        if (!same_host_https) missing.emplace_back("a redirect from http:// to https:// on the same host first");
    }

    nlohmann::json list = nlohmann::json::array();
    std::string joined;
    for (const std::string& m : missing) {
        list.push_back(m);
        joined += (joined.empty() ? "" : "; ") + m;
    }
    evidence["missing"] = std::move(list);
    if (missing.empty())
        return common::conclude(k_id, address, "ready", {{"host", facts.target().host}}, std::move(evidence));
    return common::conclude(k_id, address, "not-ready", {{"missing", joined}}, std::move(evidence));
}

}  // namespace

std::vector<Finding> check_hsts_preload(const facts::TargetFacts& facts) {
    // Only registrable domains can be submitted (a subdomain is covered by its base
    // domain's includeSubDomains): judging www.example.com alone would mislead.
    const std::string& host = facts.target().host;
    const std::string base = mail::organizational_domain(host);
    if (base != host)
        return {common::conclude(k_id, "", "not-base-domain", {{"host", host}, {"base", base}},
                                 {{"host", host}, {"base_domain", base}})};
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::https_first(facts, address), common::http_first(facts, address),
                    common::default_tls(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& hsts_preload_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::https,
            .title = "HSTS preload readiness",
            .scored = false,
            .needs_name = true,
            .why = "HSTS protects a site only after the browser has seen its header once; the "
                   "very first visit can still be stripped to plain HTTP. Browsers ship a "
                   "preload list of domains that are HTTPS-only from the start. The list "
                   "(hstspreload.org) accepts a registrable domain whose certificate is valid, "
                   "whose plain-HTTP port redirects to HTTPS on the same host first, and whose "
                   "HTTPS response carries Strict-Transport-Security with max-age of at least "
                   "one year, includeSubDomains and preload. Preloading is hard to undo: every "
                   "subdomain must serve HTTPS.",
            .fix = "Serve every subdomain over HTTPS, redirect http:// to https:// on the same "
                   "host, send Strict-Transport-Security: max-age=63072000; includeSubDomains; "
                   "preload on the base domain (also on its redirects), then submit the domain "
                   "at hstspreload.org.",
            .snippets = {{"nginx",
                          "add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains; preload\" "
                          "always;"},
                         {"Apache",
                          "Header always set Strict-Transport-Security \"max-age=63072000; includeSubDomains; "
                          "preload\""}},
            .refs = {{"HSTS preload list submission requirements", "https://hstspreload.org/#submission-requirements"},
                     {"RFC 6797 §12.3 (pre-loaded HSTS)", "https://www.rfc-editor.org/rfc/rfc6797#section-12.3"}},
            .facts = {"dns", "tls", "http"},
            .outcomes = {{"ready", Status::pass, "{host} meets the HSTS preload list requirements"},
                         {"not-ready", Status::info, "Not ready for the HSTS preload list: missing {missing}"},
                         {"not-base-domain", Status::info,
                          "{host} is not a registrable domain; the preload list takes {base} (scan that)"}},
        },
        check_hsts_preload};
    return check;
}

}  // namespace osescan::checks::https
