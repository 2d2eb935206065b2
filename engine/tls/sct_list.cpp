#include "engine/tls/sct_list.hpp"

namespace osescan::engine::tls {
namespace {

// A cursor over untrusted bytes: every read checks the bytes left.
class Reader {
public:
    Reader(const uint8_t* data, size_t length) : m_data(data), m_left(length) {}
    size_t left() const { return m_left; }
    bool read(uint64_t& value, size_t bytes) {
        if (bytes > m_left) return false;
        value = 0;
        for (size_t i = 0; i < bytes; ++i) value = (value << 8) | m_data[i];
        advance(bytes);
        return true;
    }
    // A field with a `bytes`-long length prefix; `out` points at its contents.
    bool vector(size_t bytes, const uint8_t*& out, size_t& length) {
        uint64_t size = 0;
        if (!read(size, bytes) || size > m_left) return false;
        out = m_data;
        length = static_cast<size_t>(size);
        advance(length);
        return true;
    }
    bool skip(size_t bytes, const uint8_t*& out) {
        if (bytes > m_left) return false;
        out = m_data;
        advance(bytes);
        return true;
    }

private:
    void advance(size_t bytes) {
        m_data += bytes;
        m_left -= bytes;
    }
    const uint8_t* m_data;
    size_t m_left;
};

constexpr size_t k_log_id_bytes = 32;  // RFC 6962 section 3.2: SHA-256 of the log's key

std::string hex(const uint8_t* data, size_t length) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (size_t i = 0; i < length; ++i) {
        out += k_digits[data[i] >> 4];
        out += k_digits[data[i] & 0x0f];
    }
    return out;
}

}  // namespace

std::optional<facts::SignedTimestamp> parse_sct(const uint8_t* data, size_t length, const std::string& source) {
    Reader reader(data, length);
    uint64_t version = 0;
    if (!reader.read(version, 1)) return std::nullopt;
    facts::SignedTimestamp out;
    out.source = source;
    out.version = static_cast<int>(version);
    if (version != 0) return out;  // v1 is the only version RFC 6962 defines

    const uint8_t* log_id = nullptr;
    uint64_t timestamp = 0;
    const uint8_t* extensions = nullptr;
    size_t extensions_length = 0;
    uint64_t hash_and_signature = 0;
    const uint8_t* signature = nullptr;
    size_t signature_length = 0;
    // struct { Version sct_version; LogID id; uint64 timestamp; CtExtensions extensions
    // (opaque <0..2^16-1>); digitally-signed struct {...} } (RFC 5246 section 4.7:
    // hash and signature algorithm bytes, then opaque signature<0..2^16-1>).
    if (!reader.skip(k_log_id_bytes, log_id) || !reader.read(timestamp, 8) ||
        !reader.vector(2, extensions, extensions_length) || !reader.read(hash_and_signature, 2) ||
        !reader.vector(2, signature, signature_length) || reader.left() != 0)
        return std::nullopt;
    out.log_id = hex(log_id, k_log_id_bytes);
    // A timestamp beyond int64 is nonsense from the server; keep it visible but bounded.
    out.timestamp_ms = timestamp > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(timestamp);
    return out;
}

std::optional<std::vector<facts::SignedTimestamp>> parse_sct_list(const uint8_t* data, size_t length,
                                                                  const std::string& source) {
    Reader outer(data, length);
    const uint8_t* list = nullptr;
    size_t list_length = 0;
    if (!outer.vector(2, list, list_length) || outer.left() != 0) return std::nullopt;
    Reader reader(list, list_length);
    std::vector<facts::SignedTimestamp> out;
    while (reader.left() > 0) {
        const uint8_t* sct = nullptr;
        size_t sct_length = 0;
        if (!reader.vector(2, sct, sct_length)) return std::nullopt;
        if (out.size() >= k_max_scts) continue;
        if (auto parsed = parse_sct(sct, sct_length, source)) out.push_back(std::move(*parsed));
    }
    return out;
}

}  // namespace osescan::engine::tls
