#pragma once
// Whether an AAAA can count as a public IPv6 address of a server.
//
// Public = inside the global unicast range 2000::/3 (RFC 4291 §2.4) and in none of the
// special-purpose blocks below (IANA IPv6 Special-Purpose Address Registry, RFC 6890).
// Everything else is listed with the reason it cannot serve the public:
//   ::/128 unspecified, ::1/128 loopback, ::ffff:0:0/96 IPv4-mapped (RFC 4291 §2.5.5.2),
//   ::/96 IPv4-compatible (deprecated, RFC 4291 §2.5.5.1), 64:ff9b::/96 and
//   64:ff9b:1::/48 NAT64 translation prefixes (RFC 6052, RFC 8215: they stand for IPv4
//   servers), 100::/64 discard-only (RFC 6666), fc00::/7 unique-local (RFC 4193),
//   fe80::/10 link-local, fec0::/10 site-local (deprecated, RFC 3879), ff00::/8 multicast,
//   2001:db8::/32 and 3fff::/20 documentation (RFC 3849, RFC 9637; allowed by a setting
//   for the demo world), 2001:2::/48 benchmarking (RFC 5180), 5f00::/16 SRv6 SIDs (RFC 9602),
//   other space outside 2000::/3 (not allocated for unicast).
// Debatable, decided here: 2002::/16 6to4 (RFC 3056) and 2001::/32 Teredo (RFC 4380) are
// NOT counted. Both are automatic tunnels that depend on third-party relays (6to4 anycast
// relays are deprecated, RFC 7526) and are unreliable for servers; a Teredo address
// belongs to a client behind NAT. Counting them would let a broken setup pass.

#include <string>
#include <string_view>

namespace osescan::checks::ipv6 {

struct AddressScope {
    bool is_public = false;
    std::string reason;  // "" when public; else e.g. "link-local address (fe80::/10)"
};

// `text` is an AAAA's data (untrusted). Not an IPv6 literal -> not public, with a reason.
AddressScope classify_ipv6(std::string_view text, bool allow_documentation);

}  // namespace osescan::checks::ipv6
