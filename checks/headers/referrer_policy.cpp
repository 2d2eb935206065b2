#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/headers/header_checks.hpp"
#include "checks/headers/https_response.hpp"
#include "checks/headers/referrer_policy_header.hpp"

namespace osescan::checks::headers {

namespace {

constexpr const char* k_id = "headers.referrer_policy";

Finding judge(const std::string& address, const std::string& endpoint, const facts::HttpResponse& response) {
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    const auto raw = header_values(response, "Referrer-Policy");
    if (raw.empty()) return common::conclude(k_id, address, "missing", {{"endpoint", endpoint}}, std::move(evidence));
    evidence["headers"] = evidence_values(raw);
    const ReferrerPolicyParse parsed = parse_referrer_policy(raw);
    if (!parsed.ignored.empty()) {
        nlohmann::json ignored = nlohmann::json::array();
        for (const std::string& t : parsed.ignored) ignored.push_back(common::evidence_text(t));
        evidence["ignored_tokens"] = std::move(ignored);
    }
    if (parsed.policy.empty())
        return common::conclude(k_id, address, "invalid",
                                {{"endpoint", endpoint}, {"value", common::display_text(combined_value(raw), 60)}},
                                std::move(evidence));
    evidence["policy"] = parsed.policy;
    const std::string& p = parsed.policy;
    if (p == "no-referrer" || p == "same-origin" || p == "strict-origin" || p == "strict-origin-when-cross-origin")
        return common::conclude(k_id, address, "private", {{"policy", p}}, std::move(evidence));
    // unsafe-url and no-referrer-when-downgrade send full URLs (paths, query strings) to
    // other sites; origin and origin-when-cross-origin send the origin even to plain-HTTP
    // pages (Referrer Policy §3.3-3.6: no downgrade protection).
    return common::conclude(k_id, address, "leaky", {{"policy", p}}, std::move(evidence));
}

}  // namespace

std::vector<Finding> check_referrer_policy(const facts::TargetFacts& facts) {
    return judge_first_https_response(facts, k_id, judge);
}

const Check& referrer_policy_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::headers,
            .title = "Referrer-Policy",
            .scored = false,
            .needs_name = false,
            .why = "When visitors follow a link or a page loads a resource, browsers tell the "
                   "other site where they came from (the Referer header). Full URLs can carry "
                   "search terms, account names or tokens. A Referrer-Policy of no-referrer, "
                   "same-origin or strict-origin(-when-cross-origin) keeps paths and queries "
                   "on the site and sends nothing to plain-HTTP pages.",
            .fix = "Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer, "
                   "same-origin, strict-origin). With several values, browsers use the last "
                   "one they know, so put the one you want last.",
            .snippets = {{"nginx", "add_header Referrer-Policy \"strict-origin-when-cross-origin\" always;"},
                         {"Apache", "Header always set Referrer-Policy \"strict-origin-when-cross-origin\""}},
            .refs = {{"Referrer Policy §3 (policies)", "https://www.w3.org/TR/referrer-policy/#referrer-policies"},
                     {"Referrer Policy §8.1 (parsing the header: last valid token wins)",
                      "https://www.w3.org/TR/referrer-policy/#parse-referrer-policy-from-header"}},
            .facts = {"dns", "http"},
            .outcomes = {{"private", Status::pass, "Referrer-Policy {policy}"},
                         {"leaky", Status::warn, "Referrer-Policy {policy} leaks where visitors come from"},
                         {"missing", Status::info,
                          "No Referrer-Policy on {endpoint} (browsers default to strict-origin-when-cross-origin)"},
                         {"invalid", Status::info,
                          "Referrer-Policy on {endpoint} has no valid policy, browsers ignore it: {value}"}},
        },
        check_referrer_policy};
    return check;
}

}  // namespace osescan::checks::headers
