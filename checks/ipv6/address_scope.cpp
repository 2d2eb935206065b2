#include "checks/ipv6/address_scope.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace osescan::checks::ipv6 {

namespace {

struct Block {
    std::array<uint8_t, 16> prefix;
    int length;
    const char* reason;
    bool documentation;
};

// Most specific blocks first: the first match decides.
const std::array<Block, 16> k_blocks{{
    {{0}, 128, "the unspecified address (::)", false},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "the loopback address (::1)", false},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, "an IPv4-mapped address (::ffff:0:0/96)", false},
    {{0}, 96, "an IPv4-compatible address (::/96, deprecated)", false},
    {{0x00, 0x64, 0xff, 0x9b}, 96, "a NAT64 translation address (64:ff9b::/96)", false},
    {{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48, "a local NAT64 translation address (64:ff9b:1::/48)", false},
    {{0x01, 0x00}, 64, "a discard-only address (100::/64)", false},
    {{0x20, 0x01, 0x00, 0x00}, 32, "a Teredo tunnel address (2001::/32): a client behind NAT, not a server", false},
    {{0x20, 0x01, 0x00, 0x02, 0x00, 0x00}, 48, "a benchmarking address (2001:2::/48)", false},
    {{0x20, 0x01, 0x0d, 0xb8}, 32, "a documentation address (2001:db8::/32)", true},
    {{0x3f, 0xff}, 20, "a documentation address (3fff::/20)", true},
    {{0x20, 0x02}, 16, "a 6to4 tunnel address (2002::/16), relay-dependent and deprecated", false},
    {{0x5f, 0x00}, 16, "an SRv6 segment identifier (5f00::/16)", false},
    {{0xfc}, 7, "a unique-local address (fc00::/7), private", false},
    {{0xfe, 0x80}, 10, "a link-local address (fe80::/10)", false},
    {{0xfe, 0xc0}, 10, "a site-local address (fec0::/10, deprecated)", false},
}};

bool in_block(const std::array<uint8_t, 16>& address, const Block& block) {
    for (int bit = 0; bit < block.length; ++bit) {
        const auto byte = static_cast<size_t>(bit / 8);
        const unsigned mask = 0x80u >> (bit % 8);
        if ((address[byte] & mask) != (block.prefix[byte] & mask)) return false;
    }
    return true;
}

}  // namespace

AddressScope classify_ipv6(std::string_view text, bool allow_documentation) {
    char buffer[INET6_ADDRSTRLEN + 1];
    std::array<uint8_t, 16> address{};
    if (text.empty() || text.size() >= sizeof buffer) return {false, "not an IPv6 address"};
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    if (inet_pton(AF_INET6, buffer, address.data()) != 1) return {false, "not an IPv6 address"};

    if (address[0] == 0xff) return {false, "a multicast address (ff00::/8)"};
    for (const Block& block : k_blocks) {
        if (!in_block(address, block)) continue;
        if (block.documentation && allow_documentation) return {true, ""};
        return {false, block.reason};
    }
    if ((address[0] & 0xe0) != 0x20) return {false, "outside the global unicast range 2000::/3"};
    return {true, ""};
}

}  // namespace osescan::checks::ipv6
