#pragma once
// NTS Key Establishment records (RFC 8915 §4): the client's request and a bounded parser
// of the server's response. Standard library only, so it is fuzzed on its own
// (tests/fuzz/fuzz_nts_ke.cpp); everything in a response is untrusted.
//
// Record layout (§4): 1 bit critical, 15 bits record type, 16 bits body length, body.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::engine::nts {

namespace ke_record {
inline constexpr uint16_t end_of_message = 0;  // §4.1.1
inline constexpr uint16_t next_protocol = 1;   // §4.1.2
inline constexpr uint16_t error = 2;           // §4.1.3
inline constexpr uint16_t warning = 3;         // §4.1.4
inline constexpr uint16_t aead_algorithm = 4;  // §4.1.5
inline constexpr uint16_t new_cookie = 5;      // §4.1.6
inline constexpr uint16_t ntpv4_server = 6;    // §4.1.7
inline constexpr uint16_t ntpv4_port = 7;      // §4.1.8
}  // namespace ke_record

// Bounds on a response: a real one is a handful of records and eight cookies of ~100 bytes.
inline constexpr size_t k_max_ke_records = 64;
inline constexpr size_t k_max_ke_response_bytes = 64 * 1024;
inline constexpr size_t k_max_cookies_kept = 8;
inline constexpr size_t k_max_cookie_bytes = 1024;  // larger cookies are counted, not kept
inline constexpr size_t k_max_server_name = 255;    // RFC 1035 name, or an address literal

// The request of §4: Next Protocol Negotiation (NTPv4), AEAD Algorithm Negotiation
// (AEAD_AES_SIV_CMAC_256), End of Message; every record critical (§4.1.2, §4.1.5 allow it).
std::vector<uint8_t> ke_request();

struct KeResponse {
    facts::NtsExchange summary;                 // the recorded part (records, codes, counts, ...)
    std::vector<std::vector<uint8_t>> cookies;  // the first k_max_cookies_kept cookies
};

enum class KeParse {
    need_more,  // no End of Message yet and nothing wrong so far
    complete,   // End of Message read; bytes after it are ignored
    malformed,  // see `problem`
};

// Parses `data` (the whole response so far) into `out`, from scratch each time.
KeParse parse_ke_response(const uint8_t* data, size_t size, KeResponse& out, std::string& problem);

}  // namespace osescan::engine::nts
