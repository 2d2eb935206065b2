#pragma once
// The security.txt format (RFC 9116): a parser for the file a web server sends and the
// rules for its fields. Pure code on untrusted bytes: every function is total, and what
// it keeps is bounded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::https {

inline constexpr size_t k_security_txt_max_bytes = 32 * 1024;  // larger files are a problem
inline constexpr size_t k_security_txt_max_fields = 200;       // kept; further fields ignored
inline constexpr size_t k_security_txt_max_problems = 50;

struct SecurityTxtField {
    std::string name;   // as written
    std::string value;  // trimmed
    size_t line = 0;    // 1-based, in the file as received
};

struct SecurityTxtFile {
    // RFC 9116 §2.3: the file may be an OpenPGP cleartext-signed message (RFC 4880 §7);
    // its fields are then read from inside the signed part (dash-escapes removed). The
    // signature itself is not verified: the key is not known to a scanner.
    bool pgp_signed = false;
    std::vector<SecurityTxtField> fields;
    std::vector<std::string> problems;  // syntax problems, with their line numbers
};

SecurityTxtFile parse_security_txt(std::string_view body);

// "2025-06-15T15:06:40Z", "...+02:00", "...45.123Z" (RFC 3339 §5.6 date-time) -> Unix
// seconds; nullopt when it is not one.
std::optional<int64_t> parse_rfc3339(std::string_view text);

// The problem with a URI value of `field` ("" = fine): RFC 9116 §2.5 wants absolute URIs,
// and web URIs (every field but Contact's mailto:/tel:, Encryption's openpgp4fpr:/dns:)
// must be https:// (§2.5.1, §2.5.3 to §2.5.6).
std::string security_txt_uri_problem(std::string_view field, std::string_view value);

// The judgement of a parsed file, fetched from `url` at time `now`.
struct SecurityTxtVerdict {
    std::vector<std::string> problems;  // everything wrong but the Expires timing
    std::vector<std::string> contacts;
    std::optional<int64_t> expires;
    bool expired = false;     // Expires in the past (§2.5.5: the file is stale)
    bool long_lived = false;  // Expires more than a year ahead (§2.5.5: RECOMMENDED less)
    std::vector<std::string> canonical;
    std::vector<std::string> unknown_fields;
    size_t known_fields = 0;  // fields RFC 9116 §2.5 defines
};
SecurityTxtVerdict judge_security_txt(const SecurityTxtFile& file, const std::string& url, int64_t now);

}  // namespace osescan::checks::https
