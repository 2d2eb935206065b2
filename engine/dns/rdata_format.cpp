#include "engine/dns/rdata_format.hpp"

#include <arpa/inet.h>

#include "engine/dns/presentation.hpp"
#include "engine/dns/rr_types.hpp"
#include "engine/dns/wire_reader.hpp"

namespace osescan::engine::dns {

namespace {
// Each formatter reads exactly one RDATA through `in` (a window over it) and returns
// false if the bytes do not have the type's format. The caller checks that nothing is
// left over.

bool format_address(WireReader& in, int family, size_t size, std::string& out) {
    std::span<const uint8_t> bytes;
    if (in.remaining() != size || !in.read_bytes(size, bytes)) return false;
    char text[INET6_ADDRSTRLEN];
    if (inet_ntop(family, bytes.data(), text, sizeof text) == nullptr) return false;
    out = text;
    return true;
}

bool format_name_only(WireReader& in, std::string& out) { return in.read_name(out); }

// RFC 1035 §3.3.13: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM.
bool format_soa(WireReader& in, std::string& out) {
    if (!in.read_name(out)) return false;
    out += ' ';
    if (!in.read_name(out)) return false;
    for (int i = 0; i < 5; ++i) {
        uint32_t value = 0;
        if (!in.read_u32(value)) return false;
        out += ' ' + std::to_string(value);
    }
    return true;
}

// RFC 1035 §3.3.9: PREFERENCE EXCHANGE.
bool format_mx(WireReader& in, std::string& out) {
    uint16_t preference = 0;
    if (!in.read_u16(preference)) return false;
    out = std::to_string(preference) + ' ';
    return in.read_name(out);
}

// RFC 1035 §3.3.14: one or more <character-string>s; also the raw strings in `txt`.
bool format_txt(WireReader& in, facts::DnsRecord& record) {
    if (in.at_end()) return false;  // zero strings is not a TXT RDATA
    while (!in.at_end()) {
        uint8_t length = 0;
        std::span<const uint8_t> bytes;
        if (!in.read_u8(length) || !in.read_bytes(length, bytes)) return false;
        if (!record.data.empty()) record.data += ' ';
        append_quoted_string(record.data, bytes);
        record.txt.emplace_back(bytes.begin(), bytes.end());
    }
    return true;
}

// RFC 2782: PRIORITY WEIGHT PORT TARGET.
bool format_srv(WireReader& in, std::string& out) {
    uint16_t priority = 0, weight = 0, port = 0;
    if (!in.read_u16(priority) || !in.read_u16(weight) || !in.read_u16(port)) return false;
    out = std::to_string(priority) + ' ' + std::to_string(weight) + ' ' + std::to_string(port) + ' ';
    return in.read_name(out);
}

// RFC 8659 §4.1: FLAGS TAG "VALUE"; the tag is 1..15 ASCII letters and digits.
bool format_caa(WireReader& in, std::string& out) {
    uint8_t flags = 0, tag_length = 0;
    std::span<const uint8_t> tag, value;
    if (!in.read_u8(flags) || !in.read_u8(tag_length) || tag_length == 0 || tag_length > 15) return false;
    if (!in.read_bytes(tag_length, tag) || !in.read_rest(value)) return false;
    out = std::to_string(flags) + ' ';
    for (uint8_t c : tag) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum) return false;
        out += static_cast<char>(c);
    }
    out += ' ';
    append_quoted_string(out, value);
    return true;
}

// RFC 4034 §5.3: KEYTAG ALGORITHM DIGESTTYPE DIGEST(hex).
bool format_ds(WireReader& in, std::string& out) {
    uint16_t key_tag = 0;
    uint8_t algorithm = 0, digest_type = 0;
    std::span<const uint8_t> digest;
    if (!in.read_u16(key_tag) || !in.read_u8(algorithm) || !in.read_u8(digest_type) || !in.read_rest(digest))
        return false;
    if (digest.empty()) return false;
    out = std::to_string(key_tag) + ' ' + std::to_string(algorithm) + ' ' + std::to_string(digest_type) + ' ' +
          hex_upper(digest);
    return true;
}

// RFC 4034 §2.2: FLAGS PROTOCOL ALGORITHM KEY(base64).
bool format_dnskey(WireReader& in, std::string& out) {
    uint16_t flags = 0;
    uint8_t protocol = 0, algorithm = 0;
    std::span<const uint8_t> key;
    if (!in.read_u16(flags) || !in.read_u8(protocol) || !in.read_u8(algorithm) || !in.read_rest(key)) return false;
    if (key.empty()) return false;
    out = std::to_string(flags) + ' ' + std::to_string(protocol) + ' ' + std::to_string(algorithm) + ' ' +
          base64(key);
    return true;
}

// RFC 4034 §3.2: TYPE ALG LABELS ORIGTTL EXPIRATION INCEPTION KEYTAG SIGNER SIGNATURE.
bool format_rrsig(WireReader& in, std::string& out) {
    uint16_t covered = 0, key_tag = 0;
    uint8_t algorithm = 0, labels = 0;
    uint32_t original_ttl = 0, expiration = 0, inception = 0;
    if (!in.read_u16(covered) || !in.read_u8(algorithm) || !in.read_u8(labels) || !in.read_u32(original_ttl) ||
        !in.read_u32(expiration) || !in.read_u32(inception) || !in.read_u16(key_tag))
        return false;
    out = rr_type_name(covered) + ' ' + std::to_string(algorithm) + ' ' + std::to_string(labels) + ' ' +
          std::to_string(original_ttl) + ' ' + rrsig_time(expiration) + ' ' + rrsig_time(inception) + ' ' +
          std::to_string(key_tag) + ' ';
    std::span<const uint8_t> signature;
    if (!in.read_name(out) || !in.read_rest(signature) || signature.empty()) return false;
    out += ' ' + base64(signature);
    return true;
}

// RFC 4034 §4.1.2: the type bit maps, printed as the list of mnemonics (" A NS ...").
bool append_type_bitmaps(WireReader& in, std::string& out) {
    int previous_window = -1;
    while (!in.at_end()) {
        uint8_t window = 0, length = 0;
        std::span<const uint8_t> bitmap;
        if (!in.read_u8(window) || !in.read_u8(length)) return false;
        // Windows in increasing order, each 1..32 octets.
        if (static_cast<int>(window) <= previous_window || length == 0 || length > 32) return false;
        if (!in.read_bytes(length, bitmap)) return false;
        previous_window = window;
        for (size_t octet = 0; octet < bitmap.size(); ++octet)
            for (int bit = 0; bit < 8; ++bit)
                if (bitmap[octet] & (0x80 >> bit))
                    out += ' ' + rr_type_name(static_cast<uint16_t>(window * 256 + octet * 8 + bit));
    }
    return true;
}

// RFC 4034 §4.2: NEXT TYPES...
bool format_nsec(WireReader& in, std::string& out) { return in.read_name(out) && append_type_bitmaps(in, out); }

// RFC 5155 §3.3 / §4.3: the salt in hex, "-" when empty.
bool append_nsec3_parameters(WireReader& in, std::string& out) {
    uint8_t algorithm = 0, flags = 0, salt_length = 0;
    uint16_t iterations = 0;
    std::span<const uint8_t> salt;
    if (!in.read_u8(algorithm) || !in.read_u8(flags) || !in.read_u16(iterations) || !in.read_u8(salt_length) ||
        !in.read_bytes(salt_length, salt))
        return false;
    out = std::to_string(algorithm) + ' ' + std::to_string(flags) + ' ' + std::to_string(iterations) + ' ' +
          (salt.empty() ? std::string("-") : hex_upper(salt));
    return true;
}

// RFC 5155 §3.3: ALG FLAGS ITERATIONS SALT NEXT-HASHED-OWNER(base32hex) TYPES...
bool format_nsec3(WireReader& in, std::string& out) {
    uint8_t hash_length = 0;
    std::span<const uint8_t> next_hash;
    if (!append_nsec3_parameters(in, out) || !in.read_u8(hash_length) || hash_length == 0 ||
        !in.read_bytes(hash_length, next_hash))
        return false;
    out += ' ' + base32hex_upper(next_hash);
    return append_type_bitmaps(in, out);
}

// RFC 6698 §2.2: USAGE SELECTOR MATCHING-TYPE DATA(hex).
bool format_tlsa(WireReader& in, std::string& out) {
    uint8_t usage = 0, selector = 0, matching_type = 0;
    std::span<const uint8_t> association;
    if (!in.read_u8(usage) || !in.read_u8(selector) || !in.read_u8(matching_type) || !in.read_rest(association))
        return false;
    if (association.empty()) return false;
    out = std::to_string(usage) + ' ' + std::to_string(selector) + ' ' + std::to_string(matching_type) + ' ' +
          hex_upper(association);
    return true;
}

// Returns false for types printed generically and for RDATA not of the type's format.
bool format_known(WireReader& in, uint16_t type, facts::DnsRecord& record) {
    std::string& out = record.data;
    switch (type) {
        case rr_type::a: return format_address(in, AF_INET, 4, out);
        case rr_type::aaaa: return format_address(in, AF_INET6, 16, out);
        case rr_type::ns:
        case rr_type::cname:
        case rr_type::ptr: return format_name_only(in, out);
        case rr_type::soa: return format_soa(in, out);
        case rr_type::mx: return format_mx(in, out);
        case rr_type::txt:
        case rr_type::spf: return format_txt(in, record);
        case rr_type::srv: return format_srv(in, out);
        case rr_type::caa: return format_caa(in, out);
        case rr_type::ds: return format_ds(in, out);
        case rr_type::dnskey: return format_dnskey(in, out);
        case rr_type::rrsig: return format_rrsig(in, out);
        case rr_type::nsec: return format_nsec(in, out);
        case rr_type::nsec3: return format_nsec3(in, out);
        case rr_type::nsec3param: return append_nsec3_parameters(in, out);
        case rr_type::tlsa: return format_tlsa(in, out);
        default: return false;
    }
}
}  // namespace

std::string generic_rdata(std::span<const uint8_t> rdata) {
    std::string out = "\\# " + std::to_string(rdata.size());
    if (!rdata.empty()) out += ' ' + hex_upper(rdata);
    return out;
}

void format_rdata(std::span<const uint8_t> message, size_t offset, size_t length, uint16_t type,
                  facts::DnsRecord& record) {
    WireReader in(message, offset, offset + length);
    record.data.clear();
    record.txt.clear();
    if (format_known(in, type, record) && in.at_end()) return;
    record.data = generic_rdata(message.subspan(offset, length));
    record.txt.clear();
}

}  // namespace osescan::engine::dns
