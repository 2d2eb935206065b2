#pragma once
// Team Cymru's IP-to-ASN DNS interface: who originates the BGP route(s) covering an address.
//
//   TXT 10.100.51.198.origin.asn.cymru.com   (IPv4: octets reversed)
//   TXT 1.0.0.0....8.b.d.0.1.0.0.2.origin6.asn.cymru.com   (IPv6: all 32 nibbles reversed)
//   -> "64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"
//
// One TXT record per announced prefix covering the address (a /24 and its covering /16
// are two records); the first field may hold several space-separated ASNs when the prefix
// is announced by more than one origin (MOAS). The text is untrusted: the parser is total
// and bounded, and says why a record was not understood.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facts/ip_prefix.hpp"

namespace osescan::checks::rpki {

// Bounds on what one record may contain; beyond them the record is rejected.
inline constexpr size_t k_max_cymru_text = 512;
inline constexpr size_t k_max_cymru_origins = 16;

struct CymruOrigin {
    std::vector<uint32_t> asns;   // one, or several for a MOAS prefix; in answer order
    facts::IpPrefix prefix;              // the announced prefix (host bits cleared)
    std::string country;          // "ZZ"; may be empty
    std::string registry;         // "ripencc", "arin", ...; may be empty
    std::string allocated;        // allocation date as written; may be empty
};

struct CymruParse {
    std::optional<CymruOrigin> origin;
    std::string error;  // set when !origin: why the record was not understood
};

// Parses one TXT record's text (its character-strings concatenated).
CymruParse parse_cymru_origin(std::string_view text);

// The TXT owner name to ask for `address` (an IP literal), or nullopt if it is not one.
std::optional<std::string> cymru_origin_name(std::string_view address);

}  // namespace osescan::checks::rpki
