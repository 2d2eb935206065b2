#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/headers/csp_policy.hpp"
#include "checks/headers/header_checks.hpp"
#include "checks/headers/https_response.hpp"

namespace osescan::checks::headers {

namespace {

constexpr const char* k_id = "headers.csp";
constexpr const char* k_header = "Content-Security-Policy";
constexpr const char* k_report_only = "Content-Security-Policy-Report-Only";

nlohmann::json policy_evidence(const CspPolicy& policy) {
    nlohmann::json directives = nlohmann::json::object();
    for (const CspDirective& d : policy.directives) {
        nlohmann::json sources = nlohmann::json::array();
        for (const std::string& s : d.sources) sources.push_back(common::evidence_text(s));
        directives[common::evidence_text(d.name)] = std::move(sources);
    }
    nlohmann::json out{{"directives", std::move(directives)}};
    const auto names = [](const std::vector<std::string>& list) {
        nlohmann::json a = nlohmann::json::array();
        for (const std::string& n : list) a.push_back(common::evidence_text(n));
        return a;
    };
    if (!policy.duplicate_directives.empty()) {
        out["ignored_duplicates"] = names(policy.duplicate_directives);
        out["ignored_duplicates_note"] = "a repeated directive is ignored; the first one counts (CSP3 §2.2.1)";
    }
    if (!policy.invalid_names.empty()) out["invalid_directive_names"] = names(policy.invalid_names);
    if (policy.truncated) out["truncated"] = true;
    return out;
}

Finding judge(const std::string& address, const std::string& endpoint, const facts::HttpResponse& response) {
    const auto enforced = header_values(response, k_header);
    const auto report_only = header_values(response, k_report_only);
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    if (!report_only.empty()) {
        evidence["report_only_headers"] = evidence_values(report_only);
        evidence["report_only_note"] = "Content-Security-Policy-Report-Only enforces nothing (CSP3 §3.2)";
    }
    if (enforced.empty()) {
        const char* outcome = report_only.empty() ? "missing" : "report-only";
        return common::conclude(k_id, address, outcome, {{"endpoint", endpoint}}, std::move(evidence));
    }
    evidence["headers"] = evidence_values(enforced);

    // Each header field is a serialized policy list; every policy of every field is
    // enforced (CSP3 §3.1, §4.1).
    std::vector<CspPolicy> policies;
    for (std::string_view value : enforced)
        for (CspPolicy& p : parse_csp_list(value))
            if (policies.size() < k_csp_max_policies) policies.push_back(std::move(p));
    nlohmann::json policy_list = nlohmann::json::array();
    for (const CspPolicy& p : policies) policy_list.push_back(policy_evidence(p));
    evidence["policies"] = std::move(policy_list);
    if (policies.empty())
        return common::conclude(k_id, address, "empty", {{"endpoint", endpoint}}, std::move(evidence));

    const std::vector<CspWeakness> weaknesses = combined_weaknesses(policies);
    nlohmann::json rules = nlohmann::json::array();
    std::string joined;
    for (const CspWeakness& w : weaknesses) {
        rules.push_back({{"kind", w.kind}, {"rule", common::evidence_text(w.rule)}});
        joined += (joined.empty() ? "" : "; ") + w.rule;
    }
    evidence["broken_rules"] = std::move(rules);
    if (weaknesses.empty())
        return common::conclude(k_id, address, "strong", {{"count", std::to_string(policies.size())}},
                                std::move(evidence));
    return common::conclude(k_id, address, "weak",
                            {{"count", std::to_string(weaknesses.size())},
                             {"rules", common::display_text(joined, 400)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_csp(const facts::TargetFacts& facts) {
    return judge_first_https_response(facts, k_id, judge);
}

const Check& csp_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::headers,
            .title = "Content Security Policy",
            .scored = false,
            .needs_name = false,
            .why = "A Content-Security-Policy tells the browser which scripts, plugins, forms and "
                   "frames the page may use, so that an injected <script> (cross-site scripting) "
                   "does not run and the page cannot be framed for clickjacking. A policy that "
                   "allows 'unsafe-inline' scripts, scripts from any host or over plain http:, "
                   "or that leaves default-src, base-uri, frame-ancestors or form-action out, "
                   "lets those attacks through. Only the HTTP header is judged: a policy in a "
                   "<meta http-equiv> tag cannot be seen here (and cannot carry frame-ancestors), "
                   "and Content-Security-Policy-Report-Only enforces nothing.",
            .fix = "Send one Content-Security-Policy header on every HTTPS response with "
                   "default-src 'self' (or 'none'), script-src with nonces or hashes (and "
                   "'strict-dynamic' if scripts load scripts) instead of 'unsafe-inline', no "
                   "'unsafe-eval', object-src 'none', base-uri 'none' (or 'self'), "
                   "frame-ancestors 'none' (or 'self') and form-action 'self'. Try it first as "
                   "Content-Security-Policy-Report-Only, then switch to the enforcing header.",
            .snippets = {{"nginx",
                          "add_header Content-Security-Policy \"default-src 'self'; object-src 'none'; "
                          "base-uri 'none'; frame-ancestors 'none'; form-action 'self'\" always;"},
                         {"Apache",
                          "Header always set Content-Security-Policy \"default-src 'self'; object-src 'none'; "
                          "base-uri 'none'; frame-ancestors 'none'; form-action 'self'\""}},
            .refs = {{"CSP Level 3", "https://www.w3.org/TR/CSP3/"},
                     {"CSP3 §2.2.1 (parsing a policy)", "https://www.w3.org/TR/CSP3/#parse-serialized-policy"},
                     {"CSP3 §8.2 ('strict-dynamic')", "https://www.w3.org/TR/CSP3/#strict-dynamic-usage"},
                     {"MDN: Content-Security-Policy",
                      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy"}},
            .facts = {"dns", "http"},
            .outcomes = {{"strong", Status::pass,
                          "Content-Security-Policy ({count} policy/policies) restricts scripts, plugins, base URI, "
                          "framing and form targets"},
                         {"weak", Status::warn, "Content-Security-Policy leaves {count} rule(s) broken: {rules}"},
                         {"missing", Status::warn,
                          "No Content-Security-Policy header on the HTTPS response of {endpoint}"},
                         {"report-only", Status::warn,
                          "Only Content-Security-Policy-Report-Only on {endpoint}, which enforces nothing"},
                         {"empty", Status::warn,
                          "The Content-Security-Policy header on {endpoint} holds no directive"}},
        },
        check_csp};
    return check;
}

}  // namespace osescan::checks::headers
