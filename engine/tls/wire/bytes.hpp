#pragma once
// Big-endian byte writing and bounds-checked reading for the TLS wire format
// (RFC 8446 §3: vectors carry a 1-, 2- or 3-byte length prefix).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace osescan::engine::tls::wire {

class ByteWriter {
public:
    explicit ByteWriter(std::vector<uint8_t>& out) : m_out(out) {}
    void u8(unsigned value) { m_out.push_back(static_cast<uint8_t>(value)); }
    void u16(unsigned value) {
        u8(value >> 8);
        u8(value);
    }
    void u24(uint32_t value) {
        u8(value >> 16);
        u16(value & 0xFFFF);
    }
    void bytes(const std::vector<uint8_t>& data) { m_out.insert(m_out.end(), data.begin(), data.end()); }
    void bytes(std::string_view data) { m_out.insert(m_out.end(), data.begin(), data.end()); }
    // A length-prefixed vector: open() reserves the prefix, close() fills it in.
    size_t open(int prefix_bytes) {
        const size_t at = m_out.size();
        m_out.insert(m_out.end(), static_cast<size_t>(prefix_bytes), 0);
        return at;
    }
    void close(size_t at, int prefix_bytes) {
        size_t length = m_out.size() - at - static_cast<size_t>(prefix_bytes);
        for (int i = prefix_bytes - 1; i >= 0; --i, length >>= 8) m_out[at + static_cast<size_t>(i)] = length & 0xFF;
    }
    size_t size() const { return m_out.size(); }

private:
    std::vector<uint8_t>& m_out;
};

// Reads never go past the end: a short read returns zeros, marks the reader failed and
// remembers by how many bytes the data fell short (for "overrun by N bytes" reasons).
class ByteReader {
public:
    ByteReader(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
    bool ok() const { return m_shortfall == 0; }
    size_t shortfall() const { return m_shortfall; }
    size_t remaining() const { return m_size - m_pos; }
    size_t position() const { return m_pos; }
    const uint8_t* here() const { return m_data + m_pos; }

    uint32_t number(size_t width) {
        if (!take(width)) return 0;
        uint32_t value = 0;
        for (size_t i = 0; i < width; ++i) value = (value << 8) | m_data[m_pos - width + i];
        return value;
    }
    uint8_t u8() { return static_cast<uint8_t>(number(1)); }
    uint16_t u16() { return static_cast<uint16_t>(number(2)); }
    uint32_t u24() { return number(3); }
    // A sub-reader over the next `length` bytes (empty and failed on overrun).
    ByteReader sub(size_t length) {
        if (!take(length)) return ByteReader(m_data, 0);
        return ByteReader(m_data + m_pos - length, length);
    }
    std::vector<uint8_t> bytes(size_t length) {
        if (!take(length)) return {};
        return std::vector<uint8_t>(m_data + m_pos - length, m_data + m_pos);
    }

private:
    bool take(size_t length) {
        if (!ok()) return false;
        if (length > remaining()) {
            m_shortfall = length - remaining();
            m_pos = m_size;
            return false;
        }
        m_pos += length;
        return true;
    }
    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos = 0;
    size_t m_shortfall = 0;
};

}  // namespace osescan::engine::tls::wire
