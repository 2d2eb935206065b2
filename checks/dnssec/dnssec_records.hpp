#pragma once
// The DNSSEC records the dnssec checks read, parsed from their presentation form
// (facts::DnsRecord::data, see facts/facts.hpp): DNSKEY, DS, NSEC3 and NSEC3PARAM.
//
// The text comes from the network: every parser is total (nullopt for anything that is not
// exactly the record's format) and bounded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::dnssec {

// RFC 4034 §2.1.1: bit 7 = Zone Key, bit 15 = Secure Entry Point (a KSK by convention).
inline constexpr uint16_t k_dnskey_flag_zone = 0x0100;
inline constexpr uint16_t k_dnskey_flag_sep = 0x0001;

struct DnskeyRecord {
    uint16_t flags = 0;
    int protocol = 0;
    int algorithm = 0;
    std::optional<uint16_t> key_tag;  // RFC 4034 Appendix B; nullopt if the key is not base64
    size_t key_bytes = 0;
    // "KSK" (zone key with SEP), "ZSK" (zone key), "not a zone key" (RFC 4034 §2.1.1).
    std::string role() const;
};

struct DsRecord {
    uint16_t key_tag = 0;
    int algorithm = 0;
    int digest_type = 0;
    size_t digest_bytes = 0;
};

// RFC 5155 §3.2 / §4.2: the hashing parameters shared by NSEC3 and NSEC3PARAM.
struct Nsec3Parameters {
    int hash_algorithm = 0;
    int flags = 0;
    int iterations = 0;
    std::string salt;  // upper-case hex, "" when there is none ("-" in presentation form)
    bool opt_out() const { return (flags & 1) != 0; }  // RFC 5155 §3.1.2.1 (NSEC3 only)
    bool operator==(const Nsec3Parameters&) const = default;
};

std::optional<DnskeyRecord> parse_dnskey(std::string_view data);  // "257 3 13 <base64>"
std::optional<DsRecord> parse_ds(std::string_view data);          // "12345 13 2 <hex>"
// NSEC3PARAM data ("1 0 0 -") or the start of NSEC3 data ("1 1 0 - NEXT TYPES...").
std::optional<Nsec3Parameters> parse_nsec3_parameters(std::string_view data);

// RFC 4648 §4 base64 (whitespace not allowed); nullopt on any other byte or bad padding.
std::optional<std::vector<uint8_t>> decode_base64(std::string_view text);

}  // namespace osescan::checks::dnssec
