#include "engine/nts/ntp_packet.hpp"

#include <cmath>
#include <cstdio>

namespace osescan::engine::nts {

namespace {
// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (RFC 5905 §6, figure 4).
constexpr double k_ntp_unix_offset = 2208988800.0;
constexpr size_t k_min_extension_field = 16;

void put16(std::vector<uint8_t>& out, uint32_t v) {
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
}
void put32(std::vector<uint8_t>& out, uint32_t v) {
    put16(out, v >> 16);
    put16(out, v & 0xFFFF);
}
void put64(std::vector<uint8_t>& out, uint64_t v) {
    put32(out, static_cast<uint32_t>(v >> 32));
    put32(out, static_cast<uint32_t>(v));
}
uint32_t get16(const uint8_t* p) { return (uint32_t{p[0]} << 8) | p[1]; }
uint32_t get32(const uint8_t* p) { return (get16(p) << 16) | get16(p + 2); }
uint64_t get64(const uint8_t* p) { return (uint64_t{get32(p)} << 32) | get32(p + 4); }
size_t padded4(size_t n) { return (n + 3) & ~size_t{3}; }
}  // namespace

std::vector<uint8_t> encode_header(const NtpHeader& h) {
    std::vector<uint8_t> out;
    out.reserve(k_ntp_header_bytes);
    out.push_back(static_cast<uint8_t>(((h.leap & 3) << 6) | ((h.version & 7) << 3) | (h.mode & 7)));
    out.push_back(static_cast<uint8_t>(h.stratum));
    out.push_back(static_cast<uint8_t>(h.poll));
    out.push_back(static_cast<uint8_t>(h.precision));
    put32(out, h.root_delay);
    put32(out, h.root_dispersion);
    put32(out, h.reference_id);
    put64(out, h.reference_ts);
    put64(out, h.origin_ts);
    put64(out, h.receive_ts);
    put64(out, h.transmit_ts);
    return out;
}

std::optional<NtpHeader> parse_header(const uint8_t* data, size_t size) {
    if (size < k_ntp_header_bytes) return std::nullopt;
    NtpHeader h;
    h.leap = data[0] >> 6;
    h.version = (data[0] >> 3) & 7;
    h.mode = data[0] & 7;
    h.stratum = data[1];
    h.poll = static_cast<int8_t>(data[2]);
    h.precision = static_cast<int8_t>(data[3]);
    h.root_delay = get32(data + 4);
    h.root_dispersion = get32(data + 8);
    h.reference_id = get32(data + 12);
    h.reference_ts = get64(data + 16);
    h.origin_ts = get64(data + 24);
    h.receive_ts = get64(data + 32);
    h.transmit_ts = get64(data + 40);
    return h;
}

void append_extension_field(std::vector<uint8_t>& packet, uint16_t type, const std::vector<uint8_t>& body) {
    const size_t length = std::max(k_min_extension_field, padded4(4 + body.size()));
    put16(packet, type);
    put16(packet, static_cast<uint32_t>(length));
    packet.insert(packet.end(), body.begin(), body.end());
    packet.resize(packet.size() + (length - 4 - body.size()), 0);
}

std::vector<uint8_t> authenticator_body(const std::vector<uint8_t>& nonce, const std::vector<uint8_t>& ciphertext) {
    std::vector<uint8_t> body;
    put16(body, static_cast<uint32_t>(nonce.size()));
    put16(body, static_cast<uint32_t>(ciphertext.size()));
    body.insert(body.end(), nonce.begin(), nonce.end());
    body.resize(4 + padded4(nonce.size()), 0);
    body.insert(body.end(), ciphertext.begin(), ciphertext.end());
    body.resize(4 + padded4(nonce.size()) + padded4(ciphertext.size()), 0);
    return body;
}

std::optional<std::vector<ExtensionField>> parse_extension_fields(const uint8_t* data, size_t size, size_t base,
                                                                  std::string& problem) {
    std::vector<ExtensionField> fields;
    size_t at = 0;
    while (at < size) {
        if (fields.size() >= k_max_extension_fields) {
            problem = "more than " + std::to_string(k_max_extension_fields) + " extension fields";
            return std::nullopt;
        }
        if (size - at < 4) {
            problem = "truncated extension field header";
            return std::nullopt;
        }
        const size_t length = get16(data + at + 2);
        if (length < k_min_extension_field || length % 4 != 0 || length > size - at) {
            problem = "extension field length " + std::to_string(length) + " invalid";
            return std::nullopt;
        }
        ExtensionField f;
        f.type = static_cast<uint16_t>(get16(data + at));
        f.offset = base + at;
        f.length = length;
        f.body.assign(data + at + 4, data + at + length);
        fields.push_back(std::move(f));
        at += length;
    }
    return fields;
}

std::optional<Authenticator> parse_authenticator(const std::vector<uint8_t>& body, std::string& problem) {
    if (body.size() < 4) {
        problem = "NTS authenticator too short";
        return std::nullopt;
    }
    const size_t nonce_length = get16(body.data());
    const size_t ciphertext_length = get16(body.data() + 2);
    const size_t need = 4 + padded4(nonce_length) + padded4(ciphertext_length);
    if (need > body.size()) {
        problem = "NTS authenticator lengths exceed the field";
        return std::nullopt;
    }
    Authenticator a;
    a.nonce.assign(body.begin() + 4, body.begin() + 4 + static_cast<long>(nonce_length));
    const size_t ct = 4 + padded4(nonce_length);
    a.ciphertext.assign(body.begin() + static_cast<long>(ct), body.begin() + static_cast<long>(ct + ciphertext_length));
    return a;
}

uint64_t ntp_from_unix(double unix_seconds) {
    const double ntp = unix_seconds + k_ntp_unix_offset;
    const double whole = std::floor(ntp);
    const auto fraction = static_cast<uint64_t>((ntp - whole) * 4294967296.0);
    return (static_cast<uint64_t>(whole) << 32) | (fraction & 0xFFFFFFFFu);
}

double unix_from_ntp(uint64_t ntp) {
    // Era 0 only (until 2036); RFC 5905 §6: a later era wraps the seconds, which this
    // client would see as a huge offset rather than a wrong pass.
    return static_cast<double>(ntp >> 32) + static_cast<double>(ntp & 0xFFFFFFFFu) / 4294967296.0 - k_ntp_unix_offset;
}

double short_to_seconds(uint32_t v) { return static_cast<double>(v >> 16) + static_cast<double>(v & 0xFFFF) / 65536.0; }

std::string reference_id_text(uint32_t id, int stratum) {
    if (stratum <= 1) {
        std::string text;
        for (int shift = 24; shift >= 0; shift -= 8) {
            const char c = static_cast<char>((id >> shift) & 0xFF);
            if (c == 0) break;
            if (c < 0x20 || c > 0x7E) {
                text.clear();
                break;
            }
            text += c;
        }
        if (!text.empty()) return text;
    }
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08X", id);
    return hex;
}

}  // namespace osescan::engine::nts
