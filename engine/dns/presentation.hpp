#pragma once
// Text forms of RDATA pieces, as BIND's `dig` and zone files print them (RFC 1035 §5.1,
// RFC 4034, RFC 5155, RFC 4648). Binary fields use upper-case hex like dig does.

#include <cstdint>
#include <span>
#include <string>

namespace osescan::engine::dns {

// One label of a name: `.`, `\`, `"`, `(`, `)`, `;`, `@`, `$` get a backslash, bytes
// outside 0x21..0x7E become \DDD (RFC 1035 §5.1).
void append_escaped_label(std::string& out, std::span<const uint8_t> label);

// A <character-string> in double quotes: `"` and `\` get a backslash, bytes outside
// 0x20..0x7E become \DDD.
void append_quoted_string(std::string& out, std::span<const uint8_t> bytes);

std::string hex_upper(std::span<const uint8_t> bytes);
std::string base64(std::span<const uint8_t> bytes);           // RFC 4648 §4, padded
std::string base32hex_upper(std::span<const uint8_t> bytes);  // RFC 4648 §7, no padding (RFC 5155 §3.3)

// RRSIG time: YYYYMMDDHHmmSS in UTC (RFC 4034 §3.2), the value read as seconds since 1970.
std::string rrsig_time(uint32_t seconds);

}  // namespace osescan::engine::dns
