#include "engine/dns/resolver_address.hpp"

#include <arpa/inet.h>


namespace osescan::engine::dns {

namespace {
constexpr const char* k_expected = " (expected IP, IP:port or [IPv6]:port)";

bool parse_port(std::string_view text, uint16_t& port) {
    if (text.empty() || text.size() > 5) return false;
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    if (value == 0 || value > 65535) return false;
    port = static_cast<uint16_t>(value);
    return true;
}

bool parse_ip(std::string_view text, int family, ResolverAddress& out) {
    const std::string ip(text);
    if (inet_pton(family, ip.c_str(), out.bytes) != 1) return false;
    char canonical[INET6_ADDRSTRLEN];
    if (inet_ntop(family, out.bytes, canonical, sizeof canonical) == nullptr) return false;
    out.family = family;
    out.ip = canonical;
    return true;
}
}  // namespace

std::string ResolverAddress::to_string() const {
    if (family == AF_INET6) return "[" + ip + "]:" + std::to_string(port);
    return ip + ":" + std::to_string(port);
}

std::optional<ResolverAddress> parse_resolver_address(std::string_view text, std::string& error) {
    const std::string quoted = "\"" + std::string(text.substr(0, 100)) + (text.size() > 100 ? "...\"" : "\"");
    auto fail = [&](const std::string& why) -> std::optional<ResolverAddress> {
        error = "invalid resolver address " + quoted + ": " + why + k_expected;
        return std::nullopt;
    };
    if (text.empty()) return fail("empty");
    ResolverAddress address;
    if (text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos) return fail("missing ']'");
        const std::string_view inside = text.substr(1, close - 1);
        if (inside.find('%') != std::string_view::npos) return fail("IPv6 zone indices are not supported");
        if (!parse_ip(inside, AF_INET6, address)) return fail("not an IPv6 address inside [ ]");
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || !parse_port(rest.substr(1), address.port)))
            return fail("bad port after ']' (1..65535)");
        return address;
    }
    const size_t first_colon = text.find(':');
    if (first_colon == std::string_view::npos) {
        if (!parse_ip(text, AF_INET, address)) return fail("not an IP address");
        return address;
    }
    if (text.find(':', first_colon + 1) == std::string_view::npos) {  // exactly one colon: IPv4:port
        if (!parse_ip(text.substr(0, first_colon), AF_INET, address)) return fail("not an IPv4 address before ':'");
        if (!parse_port(text.substr(first_colon + 1), address.port)) return fail("bad port (1..65535)");
        return address;
    }
    if (text.find('%') != std::string_view::npos) return fail("IPv6 zone indices are not supported");
    if (!parse_ip(text, AF_INET6, address))
        return fail("not an IPv6 address (write [IPv6]:port to give a port)");
    return address;
}

}  // namespace osescan::engine::dns
