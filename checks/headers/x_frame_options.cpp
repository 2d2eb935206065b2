#include <set>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/headers/csp_policy.hpp"
#include "checks/headers/header_checks.hpp"
#include "checks/headers/https_response.hpp"

namespace osescan::checks::headers {

namespace {

constexpr const char* k_id = "headers.x_frame_options";

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

Finding judge(const std::string& address, const std::string& endpoint, const facts::HttpResponse& response) {
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    // HTML, "check a navigation response's adherence to X-Frame-Options", step 2: an
    // enforced CSP with frame-ancestors decides alone; X-Frame-Options is then ignored.
    bool has_frame_ancestors = false;
    bool restricted = false;
    for (std::string_view value : header_values(response, "Content-Security-Policy"))
        for (const CspPolicy& policy : parse_csp_list(value))
            if (const CspDirective* d = policy.find("frame-ancestors")) {
                has_frame_ancestors = true;
                restricted = restricted || restricts_framing(policy);
                nlohmann::json sources = nlohmann::json::array();
                for (const std::string& s : d->sources) sources.push_back(common::evidence_text(s));
                evidence["csp_frame_ancestors"].push_back(std::move(sources));
            }
    const auto raw = header_values(response, "X-Frame-Options");
    if (!raw.empty()) evidence["headers"] = evidence_values(raw);
    if (has_frame_ancestors) {
        if (!raw.empty()) evidence["x_frame_options_note"] = "ignored: CSP frame-ancestors takes precedence";
        return common::conclude(k_id, address, restricted ? "csp-frame-ancestors" : "csp-allows-framing",
                                {{"endpoint", endpoint}}, std::move(evidence));
    }
    if (raw.empty()) return common::conclude(k_id, address, "missing", {{"endpoint", endpoint}}, std::move(evidence));

    // Steps 3-9: the set of lower-cased values.
    std::set<std::string> values;
    for (std::string& v : split_values(raw)) values.insert(lower(std::move(v)));
    const bool known = values.count("deny") || values.count("sameorigin") || values.count("allowall");
    if (values.size() > 1 && known)
        // Step 5: conflicting values make browsers refuse every framing.
        return common::conclude(k_id, address, "conflicting", {{"endpoint", endpoint}}, std::move(evidence));
    const std::string value = values.size() == 1 ? *values.begin() : "";
    if (value == "deny" || value == "sameorigin")
        return common::conclude(k_id, address, "restricted", {{"value", value == "deny" ? "DENY" : "SAMEORIGIN"}},
                                std::move(evidence));
    // ALLOW-FROM (never standard, dropped by browsers), ALLOWALL, or anything else.
    return common::conclude(k_id, address, "invalid",
                            {{"endpoint", endpoint}, {"value", common::display_text(combined_value(raw), 60)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_x_frame_options(const facts::TargetFacts& facts) {
    return judge_first_https_response(facts, k_id, judge);
}

const Check& x_frame_options_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::headers,
            .title = "Framing protection (X-Frame-Options / frame-ancestors)",
            .scored = false,
            .needs_name = false,
            .why = "A page that other sites may show in a frame can be overlaid with a "
                   "transparent decoy, so that visitors click buttons they do not see "
                   "(clickjacking). X-Frame-Options DENY or SAMEORIGIN, or the CSP directive "
                   "frame-ancestors, tells browsers not to render the page inside someone "
                   "else's frame.",
            .fix = "Send Content-Security-Policy with frame-ancestors 'none' (or 'self'), and "
                   "X-Frame-Options DENY (or SAMEORIGIN) for older browsers. ALLOW-FROM is not "
                   "supported by browsers; use frame-ancestors with the allowed origins instead.",
            .snippets = {{"nginx", "add_header X-Frame-Options \"DENY\" always;"},
                         {"Apache", "Header always set X-Frame-Options \"DENY\""}},
            .refs = {{"RFC 7034 (X-Frame-Options)", "https://www.rfc-editor.org/rfc/rfc7034"},
                     {"HTML: the X-Frame-Options header",
                      "https://html.spec.whatwg.org/multipage/document-lifecycle.html#the-x-frame-options-header"},
                     {"CSP3 §6.4.2 (frame-ancestors)", "https://www.w3.org/TR/CSP3/#directive-frame-ancestors"}},
            .facts = {"dns", "http"},
            .outcomes = {{"csp-frame-ancestors", Status::pass,
                          "Content-Security-Policy frame-ancestors restricts framing on {endpoint}"},
                         {"restricted", Status::pass, "X-Frame-Options {value}"},
                         {"conflicting", Status::pass,
                          "X-Frame-Options on {endpoint} has conflicting values; browsers then refuse all framing"},
                         {"csp-allows-framing", Status::info,
                          "Content-Security-Policy frame-ancestors on {endpoint} allows framing by any site "
                          "(X-Frame-Options is then ignored)"},
                         {"missing", Status::info, "No X-Frame-Options or CSP frame-ancestors on {endpoint}"},
                         {"invalid", Status::info,
                          "X-Frame-Options on {endpoint} has a value browsers ignore: {value}"}},
        },
        check_x_frame_options};
    return check;
}

}  // namespace osescan::checks::headers
