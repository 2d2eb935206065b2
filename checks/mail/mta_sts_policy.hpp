#pragma once
// MTA-STS (RFC 8461): the TXT record at _mta-sts.<domain> (§3.1) and the policy file served
// at https://mta-sts.<domain>/.well-known/mta-sts.txt (§3.2), and whether an MX host name is
// covered by the policy's mx patterns (§4.1). Total parsers of untrusted input: never throw,
// linear work, bounded input and output.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::mail {

inline constexpr size_t k_mta_sts_record_max_chars = 4096;
inline constexpr size_t k_mta_sts_policy_max_bytes = 65536;  // §3.3: "64 KB"
inline constexpr size_t k_mta_sts_max_mx = 64;
inline constexpr uint64_t k_mta_sts_max_age_limit = 31557600;  // §3.2: about one year

struct MtaStsRecord {
    std::string id;  // 1-32 ALPHA / DIGIT
};

struct MtaStsRecordParse {
    std::optional<MtaStsRecord> record;
    std::string error;
};

// Begins with "v=STSv1" followed by ";" or the end (§3.1: other records are discarded).
bool is_mta_sts_record(std::string_view txt);
MtaStsRecordParse parse_mta_sts_record(std::string_view text);

struct MtaStsPolicy {
    std::string mode;                // "enforce", "testing", "none"
    uint64_t max_age = 0;            // seconds
    std::vector<std::string> mx;     // patterns, lower case: "mail.example.com", "*.example.net"
    std::vector<std::string> notes;  // tolerated oddities: duplicated fields, unknown fields
};

struct MtaStsPolicyParse {
    std::optional<MtaStsPolicy> policy;
    std::string error;
    size_t line = 0;  // 1-based line of the error, 0 when not tied to a line
};

MtaStsPolicyParse parse_mta_sts_policy(std::string_view text);

// §4.1: an mx pattern matches the host name exactly, or "*.example.com" matches exactly one
// more label on the left ("mail.example.com", not "example.com" nor "a.b.example.com").
bool mta_sts_mx_matches(std::string_view pattern, std::string_view host);

}  // namespace osescan::checks::mail
