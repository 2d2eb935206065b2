#pragma once
// Parser for the Strict-Transport-Security header field value (RFC 6797 §6.1).
//
//   Strict-Transport-Security = "Strict-Transport-Security" ":"
//                               [ directive ]  *( ";" [ directive ] )
//   directive       = directive-name [ "=" directive-value ]
//   directive-name  = token
//   directive-value = token | quoted-string          (RFC 2616 §2.2, implied LWS)
//
// Pure and total: any byte string gives either a policy or a precise reason, never an
// exception. Input is what a remote server sent (untrusted).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::https {

struct HstsPolicy {
    uint64_t max_age = 0;            // seconds (delta-seconds), saturated at UINT64_MAX
    bool max_age_saturated = false;  // the header's number did not fit
    bool include_subdomains = false;
    bool preload = false;            // hstspreload.org convention, not in RFC 6797
    std::vector<std::string> ignored_directives;  // unknown names, ignored per §6.1 item 5
};

// Why a header is invalid; `code` is a stable kebab-case token for evidence and tests.
struct HstsSyntaxError {
    std::string code;     // e.g. "max-age-missing", "duplicate-directive"
    std::string message;  // one line for people, quoting the offending part
};

struct HstsParseResult {
    bool valid = false;
    HstsPolicy policy;     // meaningful when valid
    HstsSyntaxError error; // meaningful when !valid
};

HstsParseResult parse_hsts_header(std::string_view value);

}  // namespace osescan::checks::https
