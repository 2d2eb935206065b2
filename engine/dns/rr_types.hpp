#pragma once
// DNS resource record types: mnemonic <-> number.
//
// The project names types by mnemonic everywhere (facts::DnsRequest::type, DnsRecord::type).
// Types without a mnemonic here use the RFC 3597 §5 generic form "TYPE<number>", which is
// also accepted on input for every type (so "TYPE1" means "A").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace osescan::engine::dns {

namespace rr_type {
inline constexpr uint16_t a = 1;
inline constexpr uint16_t ns = 2;
inline constexpr uint16_t cname = 5;
inline constexpr uint16_t soa = 6;
inline constexpr uint16_t ptr = 12;
inline constexpr uint16_t mx = 15;
inline constexpr uint16_t txt = 16;
inline constexpr uint16_t aaaa = 28;
inline constexpr uint16_t srv = 33;
inline constexpr uint16_t opt = 41;  // EDNS(0) pseudo-RR (RFC 6891); never a DnsRecord
inline constexpr uint16_t ds = 43;
inline constexpr uint16_t rrsig = 46;
inline constexpr uint16_t nsec = 47;
inline constexpr uint16_t dnskey = 48;
inline constexpr uint16_t nsec3 = 50;
inline constexpr uint16_t nsec3param = 51;
inline constexpr uint16_t tlsa = 52;
inline constexpr uint16_t svcb = 64;
inline constexpr uint16_t https = 65;
inline constexpr uint16_t spf = 99;
inline constexpr uint16_t any = 255;
inline constexpr uint16_t caa = 257;
}  // namespace rr_type

// "A", "MX", ... for known types, "TYPE<n>" otherwise (RFC 3597 §5).
std::string rr_type_name(uint16_t type);

// Case-insensitive mnemonic or "TYPE<n>" (0..65535) to the number; nullopt if neither.
std::optional<uint16_t> rr_type_number(std::string_view name);

}  // namespace osescan::engine::dns
