#include "checks/rpki/cymru_origin.hpp"

#include <algorithm>

namespace osescan::checks::rpki {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

std::optional<uint32_t> parse_asn(std::string_view text) {
    if (text.empty() || text.size() > 10) return std::nullopt;
    uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (value > UINT32_MAX) return std::nullopt;
    return static_cast<uint32_t>(value);
}

bool printable(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

CymruParse failure(std::string why) { return CymruParse{std::nullopt, std::move(why)}; }

}  // namespace

CymruParse parse_cymru_origin(std::string_view text) {
    if (text.size() > k_max_cymru_text) return failure("record longer than " + std::to_string(k_max_cymru_text) + " bytes");
    if (!printable(text)) return failure("record contains control or non-ASCII bytes");
    const std::vector<std::string_view> fields = split(text, '|');
    if (fields.size() < 2) return failure("expected \"ASN | prefix | ...\"");
    if (fields.size() > 5) return failure("more than 5 '|'-separated fields");

    CymruOrigin origin;
    for (std::string_view word : split(trim(fields[0]), ' ')) {
        if (word.empty()) continue;  // several spaces between ASNs
        const auto asn = parse_asn(word);
        if (!asn) return failure("not an AS number: \"" + std::string(word) + "\"");
        if (std::find(origin.asns.begin(), origin.asns.end(), *asn) == origin.asns.end())
            origin.asns.push_back(*asn);
        if (origin.asns.size() > k_max_cymru_origins)
            return failure("more than " + std::to_string(k_max_cymru_origins) + " origin ASNs");
    }
    if (origin.asns.empty()) return failure("no origin AS number");

    const std::string_view prefix_text = trim(fields[1]);
    const auto prefix = facts::parse_ip_prefix(prefix_text, /*allow_host_bits=*/true);
    if (!prefix) return failure("not an IP prefix: \"" + std::string(prefix_text) + "\"");
    origin.prefix = *prefix;
    if (fields.size() > 2) origin.country = std::string(trim(fields[2]));
    if (fields.size() > 3) origin.registry = std::string(trim(fields[3]));
    if (fields.size() > 4) origin.allocated = std::string(trim(fields[4]));
    return CymruParse{std::move(origin), {}};
}

std::optional<std::string> cymru_origin_name(std::string_view address) {
    const auto parsed = facts::parse_ip_address(address);
    if (!parsed) return std::nullopt;
    std::string name;
    if (!parsed->v6) {
        for (int i = 3; i >= 0; --i) name += std::to_string(parsed->bytes[static_cast<size_t>(i)]) + ".";
        return name + "origin.asn.cymru.com";
    }
    static constexpr char k_hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
        const uint8_t byte = parsed->bytes[static_cast<size_t>(i)];
        name += k_hex[byte & 0x0f];
        name += '.';
        name += k_hex[byte >> 4];
        name += '.';
    }
    return name + "origin6.asn.cymru.com";
}

}  // namespace osescan::checks::rpki
