#pragma once
// Content-Security-Policy: the parser of a header value (CSP Level 3 §2.2.1 "parse a
// serialized CSP", §2.2.2 "parse a serialized CSP list") and the judgement of what the
// enforced policies leave open.
//
//   serialized-policy-list = 1#serialized-policy      (one header value: policies split by ",")
//   serialized-policy      = serialized-directive *( OWS ";" [ OWS serialized-directive ] )
//   serialized-directive   = directive-name [ RWS directive-value ]
//
// Pure and total; a header is untrusted, so the numbers of policies, directives and
// sources kept are bounded (and a cut is noted, never silently dropped).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::headers {

inline constexpr size_t k_csp_max_policies = 16;
inline constexpr size_t k_csp_max_directives = 64;  // per policy
inline constexpr size_t k_csp_max_sources = 128;    // per directive

struct CspDirective {
    std::string name;                  // ASCII-lowercased (§2.2.1 step 2.3)
    std::vector<std::string> sources;  // as written
};

struct CspPolicy {
    std::vector<CspDirective> directives;           // first occurrence of each name, in order
    std::vector<std::string> duplicate_directives;  // later occurrences, ignored (§2.2.1 step 2.4)
    std::vector<std::string> invalid_names;         // names outside the directive-name grammar
    bool truncated = false;                         // a bound above was reached

    const CspDirective* find(std::string_view name) const;
};

// Every policy of one header value (empty ones skipped, as §2.2.2 does).
std::vector<CspPolicy> parse_csp_list(std::string_view header_value);

// One way a policy leaves an attack open. Rules of one `kind` are the same weakness in
// different words ("script-src *" and "script-src https:" are both "script-source"), so
// that several enforced policies can be combined (below).
struct CspWeakness {
    std::string kind;  // "script-inline", "script-eval", "script-source", "object-source",
                       // "no-default-src", "no-base-uri", "no-frame-ancestors", "no-form-action"
    std::string rule;  // what people read: "script-src 'unsafe-inline' without a nonce or hash"
};

// The weaknesses of one policy.
std::vector<CspWeakness> policy_weaknesses(const CspPolicy& policy);

// The weaknesses of several enforced policies together. Every policy is enforced (CSP3
// §4.1: a resource loads only if each policy allows it), so a weakness remains only when
// every policy has a weakness of that kind; the rules of such a kind are all named.
std::vector<CspWeakness> combined_weaknesses(const std::vector<CspPolicy>& policies);

// Does the policy restrict who may frame the page (frame-ancestors without "*" or a bare
// scheme)? CSP3 §6.4.2; X-Frame-Options is ignored by browsers when it does.
bool restricts_framing(const CspPolicy& policy);

}  // namespace osescan::checks::headers
