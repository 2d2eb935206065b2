#include "checks/certificate/tlsa_record.hpp"

#include <cctype>


namespace osescan::checks::certificate {

namespace {

bool read_number(std::string_view text, size_t& at, unsigned& out) {
    while (at < text.size() && text[at] == ' ') ++at;
    const size_t from = at;
    out = 0;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) && at - from < 3)
        out = out * 10 + static_cast<unsigned>(text[at++] - '0');
    return at > from && out <= 255 && (at == text.size() || text[at] == ' ');
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

std::optional<TlsaRecord> parse_tlsa_data(std::string_view data) {
    TlsaRecord out;
    size_t at = 0;
    if (!read_number(data, at, out.usage) || !read_number(data, at, out.selector) ||
        !read_number(data, at, out.matching_type))
        return std::nullopt;
    for (; at < data.size(); ++at) {
        const char c = data[at];
        if (c == ' ') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        out.data += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (out.data.size() > k_tlsa_max_data_hex) return std::nullopt;
    }
    if (out.data.empty() || out.data.size() % 2 != 0) return std::nullopt;
    return out;
}

std::string tlsa_unusable_reason(const TlsaRecord& record) {
    if (record.usage > 3) return "unknown certificate usage " + std::to_string(record.usage) + " (RFC 6698 §2.1.1)";
    if (record.selector > 1) return "unknown selector " + std::to_string(record.selector) + " (RFC 6698 §2.1.2)";
    if (record.matching_type > 2)
        return "unknown matching type " + std::to_string(record.matching_type) + " (RFC 6698 §2.1.3)";
    if (record.matching_type == 1 && record.data.size() != 64)
        return "SHA-256 association data must be 32 bytes, not " + std::to_string(record.data.size() / 2);
    if (record.matching_type == 2 && record.data.size() != 128)
        return "SHA-512 association data must be 64 bytes, not " + std::to_string(record.data.size() / 2);
    return "";
}

std::string tlsa_description(const TlsaRecord& record) {
    static const char* const usages[] = {"PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE"};
    static const char* const selectors[] = {"Cert", "SPKI"};
    static const char* const matching[] = {"Full", "SHA2-256", "SHA2-512"};
    auto part = [](const char* const* names, size_t count, unsigned value) {
        return (value < count ? std::string(names[value]) : std::string("unknown")) + "(" + std::to_string(value) + ")";
    };
    return part(usages, 4, record.usage) + " " + part(selectors, 2, record.selector) + " " +
           part(matching, 3, record.matching_type);
}

std::string association_data(const facts::Certificate& certificate, unsigned selector, unsigned matching_type) {
    // The digests were computed by the engine from the DER it received (OpenSSL); a field
    // that was not recorded stays "" and so matches nothing.
    if (selector == 0 && matching_type == 1) return certificate.sha256;
    if (selector == 0 && matching_type == 2) return certificate.sha512;
    if (selector == 1 && matching_type == 0) return certificate.spki;
    if (selector == 1 && matching_type == 1) return certificate.spki_sha256;
    if (selector == 1 && matching_type == 2) return certificate.spki_sha512;
    if (selector != 0 || matching_type != 0) return "";
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (uint8_t byte : pem_der(certificate.pem)) {
        out += k_hex[byte >> 4];
        out += k_hex[byte & 0xF];
    }
    return out;
}

std::vector<uint8_t> pem_der(std::string_view pem) {
    constexpr std::string_view begin = "-----BEGIN CERTIFICATE-----";
    constexpr std::string_view end = "-----END CERTIFICATE-----";
    const size_t from = pem.find(begin);
    if (from == std::string_view::npos) return {};
    const size_t to = pem.find(end, from + begin.size());
    if (to == std::string_view::npos) return {};
    std::vector<uint8_t> out;
    unsigned buffer = 0;
    int bits = 0;
    bool padding = false;
    for (char c : pem.substr(from + begin.size(), to - from - begin.size())) {
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        const int value = base64_value(c);
        if (value < 0 || padding) return {};
        buffer = ((buffer << 6) | static_cast<unsigned>(value)) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<uint8_t>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

}  // namespace osescan::checks::certificate
