#include "engine/dns/rr_types.hpp"

#include <array>
#include <cctype>

namespace osescan::engine::dns {

namespace {
struct KnownType {
    uint16_t number;
    const char* name;
};

// OPT is deliberately absent: it is not a type anyone queries or records.
constexpr std::array<KnownType, 21> k_known_types{{
    {rr_type::a, "A"},
    {rr_type::ns, "NS"},
    {rr_type::cname, "CNAME"},
    {rr_type::soa, "SOA"},
    {rr_type::ptr, "PTR"},
    {rr_type::mx, "MX"},
    {rr_type::txt, "TXT"},
    {rr_type::aaaa, "AAAA"},
    {rr_type::srv, "SRV"},
    {rr_type::ds, "DS"},
    {rr_type::rrsig, "RRSIG"},
    {rr_type::nsec, "NSEC"},
    {rr_type::dnskey, "DNSKEY"},
    {rr_type::nsec3, "NSEC3"},
    {rr_type::nsec3param, "NSEC3PARAM"},
    {rr_type::tlsa, "TLSA"},
    {rr_type::svcb, "SVCB"},
    {rr_type::https, "HTTPS"},
    {rr_type::spf, "SPF"},
    {rr_type::any, "ANY"},
    {rr_type::caa, "CAA"},
}};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}
}  // namespace

std::string rr_type_name(uint16_t type) {
    for (const KnownType& known : k_known_types)
        if (known.number == type) return known.name;
    return "TYPE" + std::to_string(type);
}

std::optional<uint16_t> rr_type_number(std::string_view name) {
    for (const KnownType& known : k_known_types)
        if (iequals(name, known.name)) return known.number;
    // RFC 3597 §5: "TYPE" followed by the decimal number, no sign, no leading junk.
    if (name.size() < 5 || name.size() > 9 || !iequals(name.substr(0, 4), "TYPE")) return std::nullopt;
    uint32_t number = 0;
    for (char c : name.substr(4)) {
        if (c < '0' || c > '9') return std::nullopt;
        number = number * 10 + static_cast<uint32_t>(c - '0');
    }
    if (number > 65535) return std::nullopt;
    return static_cast<uint16_t>(number);
}

}  // namespace osescan::engine::dns
