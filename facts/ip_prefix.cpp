#include "facts/ip_prefix.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace osescan::facts {

namespace {

// Dotted quad without inet_pton: this runs once per VRP (500,000 times at start-up), and
// accepting exactly four decimal octets with no leading zeros is also stricter than the
// legacy forms inet_aton would take.
std::optional<IpAddress> parse_ipv4(std::string_view text) {
    IpAddress out;
    size_t pos = 0;
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (pos >= text.size() || text[pos] != '.') return std::nullopt;
            ++pos;
        }
        const size_t start = pos;
        unsigned value = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3) {
            value = value * 10 + static_cast<unsigned>(text[pos] - '0');
            ++pos;
        }
        const size_t digits = pos - start;
        if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
        out.bytes[static_cast<size_t>(octet)] = static_cast<uint8_t>(value);
    }
    if (pos != text.size()) return std::nullopt;
    return out;
}

std::optional<IpAddress> parse_ipv6(std::string_view text) {
    // Longest valid form: 8 groups of 4 hex digits plus 7 colons, or with an embedded
    // dotted quad; anything longer is not an address (and must not reach the buffer).
    char buffer[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof buffer) return std::nullopt;
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    IpAddress out;
    out.v6 = true;
    if (inet_pton(AF_INET6, buffer, out.bytes.data()) != 1) return std::nullopt;
    return out;
}

bool host_bits_zero(const IpAddress& address, int length) {
    for (int bit = length; bit < address.bits(); ++bit)
        if (address.bytes[static_cast<size_t>(bit / 8)] & (0x80u >> (bit % 8))) return false;
    return true;
}

void clear_host_bits(IpAddress& address, int length) {
    for (int bit = length; bit < address.bits(); ++bit)
        address.bytes[static_cast<size_t>(bit / 8)] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
    if (text.find(':') != std::string_view::npos) return parse_ipv6(text);
    return parse_ipv4(text);
}

std::optional<IpPrefix> parse_ip_prefix(std::string_view text, bool allow_host_bits) {
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto address = parse_ip_address(text.substr(0, slash));
    if (!address) return std::nullopt;
    const std::string_view length_text = text.substr(slash + 1);
    if (length_text.empty() || length_text.size() > 3) return std::nullopt;
    if (length_text.size() > 1 && length_text[0] == '0') return std::nullopt;
    int length = 0;
    for (char c : length_text) {
        if (c < '0' || c > '9') return std::nullopt;
        length = length * 10 + (c - '0');
    }
    if (length > address->bits()) return std::nullopt;
    IpPrefix prefix{*address, length};
    if (!host_bits_zero(prefix.address, length)) {
        if (!allow_host_bits) return std::nullopt;
        clear_host_bits(prefix.address, length);
    }
    return prefix;
}

std::string to_string(const IpAddress& address) {
    char buffer[INET6_ADDRSTRLEN];
    if (!inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), buffer, sizeof buffer))
        return {};
    return buffer;
}

std::string to_string(const IpPrefix& prefix) {
    return to_string(prefix.address) + "/" + std::to_string(prefix.length);
}

bool contains(const IpPrefix& prefix, const IpAddress& address) {
    if (prefix.address.v6 != address.v6) return false;
    IpAddress masked = address;
    clear_host_bits(masked, prefix.length);
    return masked == prefix.address;
}

}  // namespace osescan::facts
