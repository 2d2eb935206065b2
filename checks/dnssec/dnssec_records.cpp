#include "checks/dnssec/dnssec_records.hpp"

namespace osescan::checks::dnssec {

namespace {

constexpr size_t k_max_field_bytes = 64 * 1024;  // far beyond any real key or digest

std::vector<std::string_view> fields(std::string_view text, size_t max_fields) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < text.size() && out.size() <= max_fields) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        const size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        out.push_back(text.substr(start, i - start));
    }
    return out;
}

std::optional<unsigned> parse_unsigned(std::string_view text, unsigned max) {
    if (text.empty() || text.size() > 10) return std::nullopt;
    uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (value > max) return std::nullopt;
    return static_cast<unsigned>(value);
}

bool is_hex(std::string_view text) {
    if (text.empty() || text.size() % 2 != 0 || text.size() > k_max_field_bytes) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// RFC 4034 Appendix B: the ones'-complement-like sum over the RDATA; algorithm 1 (RSAMD5)
// uses the modulus' low bits instead (Appendix B.1).
uint16_t key_tag(uint16_t flags, int protocol, int algorithm, const std::vector<uint8_t>& key) {
    if (algorithm == 1) {
        if (key.size() < 3) return 0;
        return static_cast<uint16_t>((key[key.size() - 3] << 8) | key[key.size() - 2]);
    }
    std::vector<uint8_t> rdata{static_cast<uint8_t>(flags >> 8), static_cast<uint8_t>(flags & 0xff),
                               static_cast<uint8_t>(protocol), static_cast<uint8_t>(algorithm)};
    rdata.insert(rdata.end(), key.begin(), key.end());
    uint32_t sum = 0;
    for (size_t i = 0; i < rdata.size(); ++i) sum += (i & 1) ? rdata[i] : static_cast<uint32_t>(rdata[i]) << 8;
    sum += (sum >> 16) & 0xffff;
    return static_cast<uint16_t>(sum & 0xffff);
}

}  // namespace

std::string DnskeyRecord::role() const {
    if (!(flags & k_dnskey_flag_zone)) return "not a zone key";
    return (flags & k_dnskey_flag_sep) ? "KSK" : "ZSK";
}

std::optional<std::vector<uint8_t>> decode_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0 || text.size() > k_max_field_bytes) return std::nullopt;
    std::vector<uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        int values[4];
        int padding = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + static_cast<size_t>(k)];
            if (c == '=') {
                // Padding only at the very end, and at most two.
                if (i + 4 != text.size() || k < 2) return std::nullopt;
                values[k] = 0;
                ++padding;
                continue;
            }
            if (padding > 0) return std::nullopt;
            values[k] = base64_value(c);
            if (values[k] < 0) return std::nullopt;
        }
        const uint32_t group = (static_cast<uint32_t>(values[0]) << 18) | (static_cast<uint32_t>(values[1]) << 12) |
                               (static_cast<uint32_t>(values[2]) << 6) | static_cast<uint32_t>(values[3]);
        out.push_back(static_cast<uint8_t>(group >> 16));
        if (padding < 2) out.push_back(static_cast<uint8_t>((group >> 8) & 0xff));
        if (padding < 1) out.push_back(static_cast<uint8_t>(group & 0xff));
    }
    return out;
}

std::optional<DnskeyRecord> parse_dnskey(std::string_view data) {
    const auto parts = fields(data, 4);
    if (parts.size() != 4) return std::nullopt;
    const auto flags = parse_unsigned(parts[0], 0xffff);
    const auto protocol = parse_unsigned(parts[1], 0xff);
    const auto algorithm = parse_unsigned(parts[2], 0xff);
    if (!flags || !protocol || !algorithm) return std::nullopt;
    DnskeyRecord record;
    record.flags = static_cast<uint16_t>(*flags);
    record.protocol = static_cast<int>(*protocol);
    record.algorithm = static_cast<int>(*algorithm);
    if (const auto key = decode_base64(parts[3])) {
        record.key_bytes = key->size();
        record.key_tag = key_tag(record.flags, record.protocol, record.algorithm, *key);
    }
    return record;
}

std::optional<DsRecord> parse_ds(std::string_view data) {
    const auto parts = fields(data, 4);
    if (parts.size() != 4) return std::nullopt;
    const auto tag = parse_unsigned(parts[0], 0xffff);
    const auto algorithm = parse_unsigned(parts[1], 0xff);
    const auto digest_type = parse_unsigned(parts[2], 0xff);
    if (!tag || !algorithm || !digest_type || !is_hex(parts[3])) return std::nullopt;
    return DsRecord{static_cast<uint16_t>(*tag), static_cast<int>(*algorithm), static_cast<int>(*digest_type),
                    parts[3].size() / 2};
}

std::optional<Nsec3Parameters> parse_nsec3_parameters(std::string_view data) {
    const auto parts = fields(data, 512);  // NSEC3 carries its type list after the salt
    if (parts.size() < 4) return std::nullopt;
    const auto algorithm = parse_unsigned(parts[0], 0xff);
    const auto flags = parse_unsigned(parts[1], 0xff);
    const auto iterations = parse_unsigned(parts[2], 0xffff);
    if (!algorithm || !flags || !iterations) return std::nullopt;
    Nsec3Parameters out{static_cast<int>(*algorithm), static_cast<int>(*flags), static_cast<int>(*iterations), ""};
    if (parts[3] != "-") {
        if (!is_hex(parts[3]) || parts[3].size() > 2 * 255) return std::nullopt;
        for (char c : parts[3]) out.salt += static_cast<char>((c >= 'a' && c <= 'f') ? c - 'a' + 'A' : c);
    }
    return out;
}

}  // namespace osescan::checks::dnssec
