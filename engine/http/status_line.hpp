#pragma once
// The status line of an HTTP/1.x answer (RFC 9112 §4: HTTP-version SP status-code SP
// [reason-phrase] CRLF), read from the first bytes a server sent over a connection the
// engine drives itself (the 0-RTT probe; curl parses everything else). Untrusted input:
// only the first line is looked at, at most k_max_status_line bytes, and the text kept is
// printable ASCII.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace osescan::engine::http {

inline constexpr size_t k_max_status_line = 256;

struct StatusLine {
    int status = 0;    // 100..599
    std::string text;  // the line without CRLF, non-printable bytes as '?', bounded
};

// Whether `received` holds a complete first line (LF seen) or enough bytes to stop waiting.
bool status_line_complete(std::string_view received);

// The status line at the start of `received`; nullopt when it is not "HTTP/1.x NNN ...".
std::optional<StatusLine> parse_status_line(std::string_view received);

}  // namespace osescan::engine::http
