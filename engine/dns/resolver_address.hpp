#pragma once
// DNS server addresses as users and requests write them: "IP", "IP:port", "[IPv6]:port",
// "[IPv6]" or a bare IPv6 literal. Used for --resolver (ProbeSettings::resolvers) and for
// DnsRequest::server of direct queries.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace osescan::engine::dns {

struct ResolverAddress {
    int family = 0;         // AF_INET or AF_INET6
    std::string ip;         // canonical text form (inet_ntop), no brackets
    uint16_t port = 53;
    unsigned char bytes[16] = {};  // network order; the first 4 for IPv4

    // "192.0.2.1:53" / "[2001:db8::1]:53": the canonical form, which parses back to itself.
    std::string to_string() const;
};

// nullopt with a message for the user in `error` (e.g. "invalid resolver address
// \"1.2.3\": not an IP address (expected IP, IP:port or [IPv6]:port)").
std::optional<ResolverAddress> parse_resolver_address(std::string_view text, std::string& error);

}  // namespace osescan::engine::dns
