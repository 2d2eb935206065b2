#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/headers/header_checks.hpp"
#include "checks/headers/https_response.hpp"
#include "checks/headers/structured_field.hpp"

namespace osescan::checks::headers {

namespace {

constexpr const char* k_id = "headers.permissions_policy";

// Permissions Policy §5.2 ("parse a policy directive"): a member's value is an allowlist,
// one token or string (*, self, src, "https://origin") or an inner list of them; any other
// value makes the browser skip that feature.
bool is_allowlist(const SfMember& member) {
    for (const SfItem& item : member.items)
        if (item.kind != SfKind::token && item.kind != SfKind::string) return false;
    return member.inner_list || member.items.size() == 1;
}

Finding judge(const std::string& address, const std::string& endpoint, const facts::HttpResponse& response) {
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    if (const auto legacy = header_values(response, "Feature-Policy"); !legacy.empty()) {
        evidence["feature_policy_headers"] = evidence_values(legacy);
        evidence["feature_policy_note"] =
            "Feature-Policy is the superseded predecessor; browsers use Permissions-Policy";
    }
    const auto raw = header_values(response, "Permissions-Policy");
    if (raw.empty()) return common::conclude(k_id, address, "missing", {{"endpoint", endpoint}}, std::move(evidence));
    evidence["headers"] = evidence_values(raw);
    // RFC 8941 §4.2: several field lines are joined with ", " and parsed as one.
    const SfDictionary dictionary = parse_sf_dictionary(combined_value(raw));
    if (!dictionary.ok) {
        evidence["syntax_error"] = dictionary.error;
        return common::conclude(k_id, address, "invalid",
                                {{"endpoint", endpoint},
                                 {"error", "not a structured-field dictionary: " + dictionary.error}},
                                std::move(evidence));
    }
    nlohmann::json features = nlohmann::json::array();
    std::string bad;
    for (const SfMember& member : dictionary.members) {
        features.push_back(common::evidence_text(member.key));
        if (!is_allowlist(member)) bad += (bad.empty() ? "" : ", ") + member.key;
    }
    evidence["features"] = std::move(features);
    if (!bad.empty()) {
        evidence["invalid_allowlists"] = common::evidence_text(bad);
        return common::conclude(k_id, address, "invalid",
                                {{"endpoint", endpoint},
                                 {"error", "not an allowlist (token, string or list of them) for " +
                                               common::display_text(bad, 120)}},
                                std::move(evidence));
    }
    return common::conclude(k_id, address, "valid", {{"count", std::to_string(dictionary.members.size())}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_permissions_policy(const facts::TargetFacts& facts) {
    return judge_first_https_response(facts, k_id, judge);
}

const Check& permissions_policy_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::headers,
            .title = "Permissions-Policy",
            .scored = false,
            .needs_name = false,
            .why = "Permissions-Policy switches off powerful browser features (camera, "
                   "microphone, geolocation, payment, ...) that the site does not use, for "
                   "itself and for what it embeds, so that an injected script or a third-party "
                   "frame cannot use them. The header is a Structured Field dictionary: one "
                   "syntax error and browsers ignore all of it.",
            .fix = "Send Permissions-Policy listing the features the site does not need with "
                   "an empty allowlist, e.g. camera=(), microphone=(), geolocation=(). Each "
                   "value is (), *, self, or a list such as (self \"https://partner.example\").",
            .snippets = {{"nginx",
                          "add_header Permissions-Policy \"camera=(), microphone=(), geolocation=(), payment=()\" "
                          "always;"},
                         {"Apache",
                          "Header always set Permissions-Policy \"camera=(), microphone=(), geolocation=(), "
                          "payment=()\""}},
            .refs = {{"Permissions Policy §5 (the header)",
                      "https://www.w3.org/TR/permissions-policy-1/#permissions-policy-http-header-field"},
                     {"RFC 8941 §3.2, §4.2.2 (Structured Field dictionaries)",
                      "https://www.rfc-editor.org/rfc/rfc8941#section-4.2.2"}},
            .facts = {"dns", "http"},
            .outcomes = {{"valid", Status::pass, "Permissions-Policy sets {count} feature(s)"},
                         {"missing", Status::info, "No Permissions-Policy header on {endpoint}"},
                         {"invalid", Status::warn, "Permissions-Policy on {endpoint} is invalid: {error}"}},
        },
        check_permissions_policy};
    return check;
}

}  // namespace osescan::checks::headers
