#pragma once
// Referrer-Policy (W3C Referrer Policy §4.1, §8.1 "parse a referrer policy from a
// Referrer-Policy header"): the values of every Referrer-Policy field, split on commas; the
// LAST token that is a known policy wins and unknown tokens are skipped, so that a site can
// list a fallback before a newer policy that older browsers do not know.

#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::headers {

struct ReferrerPolicyParse {
    std::string policy;                // the policy in force; "" = none valid (browser default)
    std::vector<std::string> ignored;  // tokens that are no policy (bounded)
};

// `values`: each Referrer-Policy field value, in order.
ReferrerPolicyParse parse_referrer_policy(const std::vector<std::string_view>& values);

}  // namespace osescan::checks::headers
