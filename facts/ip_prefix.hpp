#pragma once
// IP addresses and prefixes as RPKI sees them: a family, 4 or 16 bytes, a length.
//
// Pure and total: every function accepts any text (untrusted DNS answers, VRP files) and
// answers nullopt instead of throwing. The VRP loader in engine/rpki/ parses the same way,
// so a route asked by a check and a VRP from a file always compare like with like.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace osescan::facts {

struct IpAddress {
    bool v6 = false;
    std::array<uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4
    int bits() const { return v6 ? 128 : 32; }
    bool operator==(const IpAddress&) const = default;
};

struct IpPrefix {
    IpAddress address;  // host bits are zero
    int length = 0;
    bool operator==(const IpPrefix&) const = default;
};

// "198.51.100.7", "2001:db8::1" (no zone, no brackets, no surrounding space).
std::optional<IpAddress> parse_ip_address(std::string_view text);

// "198.51.100.0/24", "2001:db8::/32". With `allow_host_bits` the host bits are cleared
// ("198.51.100.7/24" -> 198.51.100.0/24); without it such text is rejected (a ROA prefix
// is a bit string, RFC 6482 §3.3: it cannot carry host bits).
std::optional<IpPrefix> parse_ip_prefix(std::string_view text, bool allow_host_bits = false);

// Canonical text: dotted quad, or RFC 5952 IPv6 ("2001:db8::1"); prefix with "/len".
std::string to_string(const IpAddress& address);
std::string to_string(const IpPrefix& prefix);

// True when `address` lies inside `prefix` (same family).
bool contains(const IpPrefix& prefix, const IpAddress& address);

}  // namespace osescan::facts
