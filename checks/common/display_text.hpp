#pragma once
// Remote-controlled text (a header value, a TLS alert, a Location, a certificate subject)
// made safe for findings.
//
// nlohmann::json refuses to serialise invalid UTF-8 (it throws), and a server can send any
// bytes; so every remote string a check puts into a finding goes through one of these.
// Control characters and bytes that are not valid UTF-8 become "\xNN".

#include <cstddef>
#include <string>
#include <string_view>

namespace osescan::checks::common {

// For evidence: complete up to a generous bound (4096 bytes), then "...".
std::string evidence_text(std::string_view text);

// For a one-line summary: at most `max_chars` input bytes, cut on a character boundary.
std::string display_text(std::string_view text, size_t max_chars = 120);

}  // namespace osescan::checks::common
