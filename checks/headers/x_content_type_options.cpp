#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/headers/header_checks.hpp"
#include "checks/headers/https_response.hpp"

namespace osescan::checks::headers {

namespace {

constexpr const char* k_id = "headers.x_content_type_options";

bool is_nosniff(const std::string& value) {
    if (value.size() != 7) return false;
    for (size_t i = 0; i < 7; ++i) {
        char c = value[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != "nosniff"[i]) return false;
    }
    return true;
}

Finding judge(const std::string& address, const std::string& endpoint, const facts::HttpResponse& response) {
    nlohmann::json evidence{{"endpoint", endpoint}, {"status", response.status}};
    const auto raw = header_values(response, "X-Content-Type-Options");
    if (raw.empty()) return common::conclude(k_id, address, "missing", {{"endpoint", endpoint}}, std::move(evidence));
    evidence["headers"] = evidence_values(raw);
    // Fetch §3.5 "determine nosniff": only the FIRST value of the split list counts.
    const std::vector<std::string> values = split_values(raw);
    if (!values.empty() && is_nosniff(values.front()))
        return common::conclude(k_id, address, "nosniff", {}, std::move(evidence));
    return common::conclude(k_id, address, "invalid",
                            {{"endpoint", endpoint}, {"value", common::display_text(combined_value(raw), 60)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_x_content_type_options(const facts::TargetFacts& facts) {
    return judge_first_https_response(facts, k_id, judge);
}

const Check& x_content_type_options_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::headers,
            .title = "X-Content-Type-Options",
            .scored = false,
            .needs_name = false,
            .why = "Without X-Content-Type-Options: nosniff, browsers may guess a response's "
                   "type from its content (MIME sniffing) and run an uploaded text or image "
                   "file as a script or stylesheet. nosniff makes them keep to the declared "
                   "Content-Type and block scripts and styles served with a wrong one.",
            .fix = "Send X-Content-Type-Options: nosniff on every response, and give every "
                   "response its correct Content-Type.",
            .snippets = {{"nginx", "add_header X-Content-Type-Options \"nosniff\" always;"},
                         {"Apache", "Header always set X-Content-Type-Options \"nosniff\""}},
            .refs = {{"Fetch §3.5 (X-Content-Type-Options)",
                      "https://fetch.spec.whatwg.org/#x-content-type-options-header"},
                     {"MDN: X-Content-Type-Options",
                      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options"}},
            .facts = {"dns", "http"},
            .outcomes = {{"nosniff", Status::pass, "X-Content-Type-Options: nosniff"},
                         {"missing", Status::warn, "No X-Content-Type-Options header on {endpoint}"},
                         {"invalid", Status::warn,
                          "X-Content-Type-Options on {endpoint} is not nosniff, browsers ignore it: {value}"}},
        },
        check_x_content_type_options};
    return check;
}

}  // namespace osescan::checks::headers
