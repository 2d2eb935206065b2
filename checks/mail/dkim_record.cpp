#include "checks/mail/dkim_record.hpp"

#include <set>

#include "checks/mail/record_text.hpp"

namespace osescan::checks::mail {

namespace {

std::vector<std::string> colon_list(std::string_view value) {
    std::vector<std::string> out;
    size_t start = 0;
    while (out.size() < 32) {
        size_t colon = value.find(':', start);
        out.push_back(lowered(trim(value.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start))));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    return out;
}

// A DER TLV reader over [data, end): definite lengths only, bounded by the buffer.
struct Der {
    const uint8_t* data;
    size_t size;

    // Reads one element of `tag`; on success `content` is its value and the reader moves on.
    bool read(uint8_t tag, Der& content) {
        if (size < 2 || data[0] != tag) return false;
        size_t length = data[1];
        size_t header = 2;
        if (length & 0x80) {
            const size_t count = length & 0x7f;
            if (count == 0 || count > 4 || size < 2 + count) return false;
            length = 0;
            for (size_t i = 0; i < count; ++i) length = (length << 8) | data[2 + i];
            header += count;
        }
        if (length > size - header) return false;
        content = Der{data + header, length};
        data += header + length;
        size -= header + length;
        return true;
    }
};

std::optional<int> modulus_bits_of_rsa_public_key(Der key) {
    Der sequence{nullptr, 0}, modulus{nullptr, 0}, exponent{nullptr, 0};
    if (!key.read(0x30, sequence) || !sequence.read(0x02, modulus) || !sequence.read(0x02, exponent)) return std::nullopt;
    while (modulus.size > 0 && modulus.data[0] == 0) { ++modulus.data; --modulus.size; }
    if (modulus.size == 0) return std::nullopt;
    int bits = static_cast<int>((modulus.size - 1) * 8);
    for (uint8_t top = modulus.data[0]; top; top >>= 1) ++bits;
    return bits;
}

}  // namespace

std::optional<std::vector<uint8_t>> decode_base64(std::string_view text, size_t max_bytes) {
    std::vector<uint8_t> out;
    uint32_t buffer = 0;
    int bits = 0;
    size_t padding = 0;
    size_t symbols = 0;
    for (char c : text) {
        if (is_space(c)) continue;
        int value;
        if (c >= 'A' && c <= 'Z') value = c - 'A';
        else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
        else if (c >= '0' && c <= '9') value = c - '0' + 52;
        else if (c == '+') value = 62;
        else if (c == '/') value = 63;
        else if (c == '=') { ++padding; ++symbols; if (padding > 2) return std::nullopt; continue; }
        else return std::nullopt;
        if (padding) return std::nullopt;  // data after padding
        ++symbols;
        buffer = (buffer << 6) | static_cast<uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (out.size() >= max_bytes) return std::nullopt;
            out.push_back(static_cast<uint8_t>((buffer >> bits) & 0xff));
        }
    }
    if (symbols % 4 != 0) return std::nullopt;
    return out;
}

std::optional<int> rsa_modulus_bits(const std::vector<uint8_t>& der) {
    Der whole{der.data(), der.size()};
    Der spki{nullptr, 0};
    if (!Der{whole}.read(0x30, spki)) return std::nullopt;
    // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }
    Der probe = spki;
    Der algorithm{nullptr, 0};
    if (probe.read(0x30, algorithm)) {
        static const uint8_t k_rsa_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
        Der oid{nullptr, 0};
        if (!algorithm.read(0x06, oid)) return std::nullopt;
        if (oid.size != sizeof k_rsa_oid) return std::nullopt;
        for (size_t i = 0; i < oid.size; ++i)
            if (oid.data[i] != k_rsa_oid[i]) return std::nullopt;
        Der bit_string{nullptr, 0};
        if (!probe.read(0x03, bit_string) || bit_string.size < 1 || bit_string.data[0] != 0) return std::nullopt;
        return modulus_bits_of_rsa_public_key(Der{bit_string.data + 1, bit_string.size - 1});
    }
    // A bare RSAPublicKey (PKCS #1), which some signers publish.
    return modulus_bits_of_rsa_public_key(whole);
}

DkimParse parse_dkim_key(std::string_view text) {
    DkimParse out;
    auto fail = [&](std::string error, size_t position) {
        out.record.reset();
        out.error = std::move(error);
        out.position = position;
        return out;
    };
    if (text.size() > k_dkim_max_chars) return fail("record too long", k_dkim_max_chars);
    DkimKeyRecord record;
    std::set<std::string> seen;
    bool have_p = false;
    size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        size_t semi = text.find(';', start);
        const size_t end = semi == std::string_view::npos ? text.size() : semi;
        size_t at = start;
        while (at < end && is_space(text[at])) ++at;
        std::string_view spec = trim(text.substr(start, end - start));
        start = end + 1;
        if (spec.empty()) {
            if (semi == std::string_view::npos) break;
            continue;
        }
        size_t eq = spec.find('=');
        if (eq == std::string_view::npos) return fail("tag without \"=\"", at);
        const std::string name(trim(spec.substr(0, eq)));  // tag names are case-sensitive (§3.2)
        const std::string_view value = trim(spec.substr(eq + 1));
        if (name.empty()) return fail("empty tag name", at);
        for (char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
                return fail("invalid tag name", at);
        // §3.2: a tag-list with duplicate names is invalid
        if (!seen.insert(name).second) return fail("duplicate tag \"" + name + "\"", at);
        for (char c : value)
            if (static_cast<unsigned char>(c) >= 0x7f || (static_cast<unsigned char>(c) < 0x20 && !is_space(c)))
                return fail("non-ASCII or control character in " + name + "=", at);
        if (name == "v") {
            if (!first) return fail("\"v\" must be the first tag", at);
            if (value != "DKIM1") return fail("v= must be DKIM1", at);
        } else if (name == "k") {
            record.k = lowered(value);
        } else if (name == "p") {
            have_p = true;
            auto key = decode_base64(value);
            if (!key) return fail("p= is not valid base64", at);
            record.key = std::move(*key);
            record.revoked = record.key.empty();
        } else if (name == "h") {
            record.hashes = colon_list(value);
        } else if (name == "s") {
            record.services = colon_list(value);
        } else if (name == "t") {
            record.flags = colon_list(value);
            for (const std::string& f : record.flags)
                if (f == "y") record.testing = true;
        }
        first = false;
        if (semi == std::string_view::npos) break;
    }
    if (!have_p) return fail("no p= tag (required, RFC 6376 §3.6.1)", 0);
    out.record = std::move(record);
    return out;
}

}  // namespace osescan::checks::mail
