#pragma once
// SMTP replies as RFC 5321 §4.2 defines them, read from untrusted bytes: pure code (no I/O),
// so that it is unit-tested and fuzzed (tests/fuzz/fuzz_smtp_reply.cpp).
//
//   Reply-line = *( Reply-code "-" [ textstring ] CRLF )
//                   Reply-code [ SP textstring ] CRLF
//
// Every line of one reply carries the same three-digit code (§4.2.1); the last line has a
// space (or nothing) after the code, the others a hyphen. A bare LF is accepted as a line
// end as well (§2.3.8 says receivers should not, but some servers send it and refusing it
// would turn a readable answer into an error).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::engine::smtp {

// Bounds on what one reply may be. §4.5.3.1.5 limits a reply line to 512 octets with its
// CRLF; we allow 1000 (the text-line limit of §4.5.3.1.6) since servers exceed 512 in
// long EHLO replies, and at most 64 lines (an EHLO reply lists a dozen extensions).
inline constexpr size_t k_max_reply_line = 1000;
inline constexpr size_t k_max_reply_lines = 64;

struct Reply {
    int code = 0;                    // 200..599
    std::vector<std::string> lines;  // the text of each line, after "NNN-" / "NNN ", printable ASCII
};

enum class ReplyState { incomplete, complete, malformed };

struct ReplyParse {
    ReplyState state = ReplyState::incomplete;
    Reply reply;          // complete: the reply
    size_t consumed = 0;  // complete: bytes of the input the reply took (with its last line end)
    std::string error;    // malformed: why (no untrusted bytes in it)
};

// Reads the first reply at the start of `input`. `incomplete`: more bytes are needed (and the
// bounds are not yet exceeded); `malformed`: the bytes are not an SMTP reply or exceed the
// bounds. Total on any input.
ReplyParse parse_reply(std::string_view input);

// The reply's lines joined by "\n" as "NNN text", bounded to `max_bytes` ("..." appended when
// cut): the server's words for the facts.
std::string reply_text(const Reply& reply, size_t max_bytes = 512);

// The service extensions of a 250 reply to EHLO (RFC 5321 §4.1.1.1): every line after the
// first, "KEYWORD params" with the keyword in upper case; lines whose keyword is not
// (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") are skipped.
std::vector<std::string> ehlo_extensions(const Reply& reply);

// Whether `extensions` (from ehlo_extensions) offers `keyword` (upper case), e.g. "STARTTLS".
bool offers(const std::vector<std::string>& extensions, std::string_view keyword);

}  // namespace osescan::engine::smtp
