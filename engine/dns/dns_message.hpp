#pragma once
// Parser of DNS responses in wire format (RFC 1035 §4) into the facts model.
//
// Total and bounded: every byte string yields either a DnsAnswer or a DnsMessageError; it
// never throws, never reads outside the input, always terminates (compression pointers
// must point backwards, see WireReader::read_name) and the text it produces is bounded
// (k_max_presentation_bytes). Record formats: see DnsRecord in facts/facts.hpp and
// rdata_format.hpp.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "facts/facts.hpp"

namespace osescan::engine::dns {

inline constexpr size_t k_max_message_bytes = 65535;             // RFC 1035 §4.2.2 (TCP length)
inline constexpr size_t k_max_presentation_bytes = 4 * 1024 * 1024;  // all record text together

struct DnsMessageError {
    std::string reason;  // e.g. "answer record 2: invalid compression pointer"
    size_t offset = 0;   // where in the message the problem was found
};

using DnsMessageResult = std::variant<facts::DnsAnswer, DnsMessageError>;

// The answer and authority sections, the RCODE (with the EDNS extended bits, RFC 6891
// §6.1.3) and the TC flag. The additional section is checked for well-formedness and for
// its OPT record but not returned. A response with TC=1 may end in the middle of a
// section: the complete records before that point are returned.
DnsMessageResult parse_dns_response(std::span<const uint8_t> message);

// "NOERROR", "NXDOMAIN", ... (IANA DNS RCODEs); "RCODE<n>" for unnamed values.
std::string rcode_name(uint16_t rcode);

}  // namespace osescan::engine::dns
