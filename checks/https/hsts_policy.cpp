#include "checks/https/hsts_policy.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "checks/https/hsts_header.hpp"

namespace osescan::checks::https {

namespace {

constexpr const char* k_id = "hsts.policy";
constexpr const char* k_header = "Strict-Transport-Security";

// An STS header on a plain-HTTP response must be ignored by browsers (RFC 6797 §8.1, §7.2):
// note it so the site owner knows it has no effect. The plain-HTTP response is the one
// https.redirect asks for, so it costs no extra probe; if it could not be fetched, there is
// simply nothing to note.
void note_plain_http_header(const facts::Observed<facts::HttpResponse>& plain, nlohmann::json& evidence) {
    if (!plain.ok()) return;
    if (const facts::HttpHeader* header = plain.value().header(k_header)) {
        evidence["plain_http_header"] = common::evidence_text(header->value);
        evidence["plain_http_note"] =
            "Strict-Transport-Security sent over plain HTTP is ignored by browsers (RFC 6797 §8.1)";
    }
}

std::string years_or_days(uint64_t seconds) {
    if (seconds >= k_hsts_min_max_age && seconds % k_hsts_min_max_age == 0)
        return std::to_string(seconds / k_hsts_min_max_age) + " year(s)";
    return std::to_string(seconds / 86400) + " day(s)";
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const std::string endpoint = common::address_port(address, facts.target().port);
    const auto& observed = facts.http(common::https_first(facts, address));
    if (!observed.ok())
        return common::probe_error_finding(k_id, address, observed.error(),
                                           "the HTTPS request to " + endpoint);
    const facts::HttpResponse& response = observed.value();
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    note_plain_http_header(facts.http(common::http_first(facts, address)), evidence);

    const std::vector<const facts::HttpHeader*> headers = response.all_headers(k_header);
    if (headers.empty())
        return common::conclude(k_id, address, "missing", {{"endpoint", endpoint}}, std::move(evidence));

    // RFC 6797 §8.1: the UA processes only the first STS header field of a response.
    const std::string& value = headers.front()->value;
    evidence["header"] = common::evidence_text(value);
    if (headers.size() > 1) {
        nlohmann::json ignored = nlohmann::json::array();
        for (size_t i = 1; i < headers.size(); ++i) ignored.push_back(common::evidence_text(headers[i]->value));
        evidence["ignored_headers"] = std::move(ignored);
        evidence["ignored_headers_note"] = "only the first Strict-Transport-Security header is used (RFC 6797 §8.1)";
    }

    const HstsParseResult parsed = parse_hsts_header(value);
    if (!parsed.valid) {
        evidence["invalid_reason"] = parsed.error.code;
        evidence["invalid_detail"] = common::evidence_text(parsed.error.message);
        return common::conclude(k_id, address, "invalid", {{"error", common::display_text(parsed.error.message, 200)}},
                                std::move(evidence));
    }
    const HstsPolicy& policy = parsed.policy;
    evidence["max_age"] = policy.max_age;
    if (policy.max_age_saturated) evidence["max_age_saturated"] = true;
    evidence["include_subdomains"] = policy.include_subdomains;
    evidence["preload"] = policy.preload;
    if (!policy.ignored_directives.empty()) {
        nlohmann::json names = nlohmann::json::array();
        for (const std::string& name : policy.ignored_directives) names.push_back(common::evidence_text(name));
        evidence["ignored_directives"] = std::move(names);
    }
    evidence["minimum_max_age"] = k_hsts_min_max_age;

    if (policy.max_age == 0)
        // RFC 6797 §6.1.1: max-age=0 tells the browser to forget the policy.
        return common::conclude(k_id, address, "max-age-zero", {}, std::move(evidence));
    if (policy.max_age < k_hsts_min_max_age)
        return common::conclude(k_id, address, "short-max-age",
                                {{"max_age", std::to_string(policy.max_age)},
                                 {"duration", years_or_days(policy.max_age)},
                                 {"minimum", std::to_string(k_hsts_min_max_age)}},
                                std::move(evidence));
    // The directives in force, as the header would say them.
    const std::string directives = std::string(policy.include_subdomains ? "; includeSubDomains" : "") +
                                   (policy.preload ? "; preload" : "");
    return common::conclude(k_id, address, "valid",
                            {{"max_age", std::to_string(policy.max_age)}, {"directives", directives}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_hsts_policy(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::https_first(facts, address), common::http_first(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& hsts_policy_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::https,
            .title = "HSTS policy",
            .scored = true,
            // RFC 6797 §8.1: browsers never note an IP-literal host as an HSTS host.
            .needs_name = true,
            .why = "Even with a redirect, a visitor's first plain-HTTP request can be "
                   "intercepted and the visitor kept on an unprotected copy of the site "
                   "(SSL stripping). The Strict-Transport-Security header tells browsers to "
                   "use only HTTPS for this site for max-age seconds, so later visits never "
                   "touch plain HTTP. A header with a syntax error is ignored entirely, and a "
                   "short max-age lets the protection lapse between visits.",
            .fix = "Send Strict-Transport-Security on every HTTPS response (also on errors "
                   "and redirects) with max-age of at least 31536000 (one year). Add "
                   "includeSubDomains once every subdomain serves HTTPS. Send the header "
                   "only once, and only over HTTPS: browsers ignore it on plain HTTP.",
            .snippets = {{"nginx",
                          "# inside the server { listen 443 ssl; ... } block\n"
                          "add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;"},
                         {"Apache",
                          "# a2enmod headers; inside <VirtualHost *:443>\n"
                          "Header always set Strict-Transport-Security \"max-age=31536000; includeSubDomains\""}},
            .refs = {{"RFC 6797 §6.1 (STS header syntax)", "https://www.rfc-editor.org/rfc/rfc6797#section-6.1"},
                     {"RFC 6797 §8.1 (processing the STS header)",
                      "https://www.rfc-editor.org/rfc/rfc6797#section-8.1"},
                     {"HSTS preload list requirements", "https://hstspreload.org/"},
                     {"MDN: Strict-Transport-Security",
                      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security"}},
            .facts = {"dns", "http"},
            .outcomes = {{"valid", Status::pass, "Strict-Transport-Security max-age={max_age}{directives}"},
                         {"short-max-age", Status::warn,
                          "Strict-Transport-Security max-age={max_age} ({duration}) is shorter than one year "
                          "({minimum})"},
                         {"missing", Status::fail,
                          "No Strict-Transport-Security header on the HTTPS response of {endpoint}"},
                         {"invalid", Status::fail, "Invalid Strict-Transport-Security header, browsers ignore it: {error}"},
                         {"max-age-zero", Status::fail,
                          "Strict-Transport-Security has max-age=0, which switches HSTS off"}},
        },
        check_hsts_policy};
    return check;
}

}  // namespace osescan::checks::https
