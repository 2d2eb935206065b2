#pragma once
// Making untrusted strings safe to print on a terminal.
//
// Summaries and evidence quote what remote servers sent (header values, certificate
// subjects, TLS alerts). Printed raw, an ESC byte could move the cursor, rewrite earlier
// lines or set the window title (CVE-2003-0063-style escape injection), and Unicode
// bidirectional controls can make text read differently from what it is. Every string
// the text renderer prints goes through terminal_safe().

#include <cstddef>
#include <string>
#include <string_view>

namespace osescan::report {

// Returns `text` with C0/C1 control characters, DEL and bidirectional formatting
// characters replaced by visible escapes ("\x1b", "\n", "\u202e") and bytes that are not
// valid UTF-8 shown as "\xHH". Printable text, including non-ASCII, is kept.
std::string terminal_safe(std::string_view text);

// terminal_safe() of at most the first `max_chars` code points of `text` (an ellipsis
// marks the cut).
std::string terminal_safe_clipped(std::string_view text, size_t max_chars);

}  // namespace osescan::report
