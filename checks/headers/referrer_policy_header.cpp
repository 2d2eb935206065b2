#include "checks/headers/referrer_policy_header.hpp"

namespace osescan::checks::headers {

namespace {

// The policies of Referrer Policy §3; tokens are compared exactly (the spec's "is a
// referrer policy" is a string match, and the values are all lower case).
bool is_policy(std::string_view token) {
    for (const char* p : {"no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
                          "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"})
        if (token == p) return true;
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

constexpr size_t k_max_ignored = 16;

}  // namespace

ReferrerPolicyParse parse_referrer_policy(const std::vector<std::string_view>& values) {
    ReferrerPolicyParse out;
    for (std::string_view value : values) {
        while (true) {
            const size_t comma = value.find(',');
            const std::string_view token = trim(value.substr(0, comma));
            if (is_policy(token)) out.policy = token;
            else if (!token.empty() && out.ignored.size() < k_max_ignored)
                out.ignored.emplace_back(token.substr(0, 64));
            if (comma == std::string_view::npos) break;
            value.remove_prefix(comma + 1);
        }
    }
    return out;
}

}  // namespace osescan::checks::headers
