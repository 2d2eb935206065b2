#pragma once
// A bounds-checked cursor over a DNS message in wire format (RFC 1035 §4).
//
// Every read checks the bounds first and reports failure instead of reading past them, so
// the parsers built on it are total: any byte string gives a value or an error, never
// undefined behaviour. The cursor works inside a window [offset, end) of the message (the
// whole message, or one record's RDATA) while name compression pointers may refer to any
// earlier part of the whole message.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace osescan::engine::dns {

class WireReader {
public:
    // Why the last read failed. `out_of_data` matters to callers: a truncated (TC=1)
    // response may legitimately end in the middle of a record.
    enum class Failure { none, out_of_data, bad_pointer, bad_label, name_too_long };

    explicit WireReader(std::span<const uint8_t> message);
    WireReader(std::span<const uint8_t> message, size_t offset, size_t end);

    bool read_u8(uint8_t& value);
    bool read_u16(uint16_t& value);
    bool read_u32(uint32_t& value);
    bool read_bytes(size_t count, std::span<const uint8_t>& bytes);
    bool read_rest(std::span<const uint8_t>& bytes);  // everything up to the window's end
    bool skip(size_t count);

    // Reads a possibly compressed domain name and appends its presentation form: labels
    // escaped as in RFC 1035 §5.1, no trailing dot, and "." for the root name.
    bool read_name(std::string& presentation);

    size_t offset() const { return m_offset; }
    size_t remaining() const { return m_end - m_offset; }
    bool at_end() const { return m_offset == m_end; }
    Failure failure() const { return m_failure; }
    const char* failure_text() const;

private:
    bool fail(Failure failure);

    std::span<const uint8_t> m_message;
    size_t m_offset = 0;
    size_t m_end = 0;
    Failure m_failure = Failure::none;
};

}  // namespace osescan::engine::dns
