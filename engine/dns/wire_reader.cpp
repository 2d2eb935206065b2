#include "engine/dns/wire_reader.hpp"

#include <algorithm>

#include "engine/dns/presentation.hpp"

namespace osescan::engine::dns {

namespace {
// RFC 1035 §3.1: a name is at most 255 octets on the wire, a label at most 63.
constexpr size_t k_max_name_octets = 255;
constexpr size_t k_max_label_octets = 63;
}  // namespace

WireReader::WireReader(std::span<const uint8_t> message) : WireReader(message, 0, message.size()) {}

WireReader::WireReader(std::span<const uint8_t> message, size_t offset, size_t end)
    : m_message(message), m_end(std::min(end, message.size())) {
    m_offset = std::min(offset, m_end);
}

bool WireReader::fail(Failure failure) {
    m_failure = failure;
    return false;
}

const char* WireReader::failure_text() const {
    switch (m_failure) {
        case Failure::none: return "no error";
        case Failure::out_of_data: return "message ends inside a field";
        case Failure::bad_pointer: return "invalid compression pointer";
        case Failure::bad_label: return "invalid label type or length";
        case Failure::name_too_long: return "name longer than 255 octets";
    }
    return "unknown";
}

bool WireReader::read_u8(uint8_t& value) {
    if (remaining() < 1) return fail(Failure::out_of_data);
    value = m_message[m_offset++];
    return true;
}

bool WireReader::read_u16(uint16_t& value) {
    if (remaining() < 2) return fail(Failure::out_of_data);
    value = static_cast<uint16_t>((m_message[m_offset] << 8) | m_message[m_offset + 1]);
    m_offset += 2;
    return true;
}

bool WireReader::read_u32(uint32_t& value) {
    if (remaining() < 4) return fail(Failure::out_of_data);
    value = (static_cast<uint32_t>(m_message[m_offset]) << 24) |
            (static_cast<uint32_t>(m_message[m_offset + 1]) << 16) |
            (static_cast<uint32_t>(m_message[m_offset + 2]) << 8) | m_message[m_offset + 3];
    m_offset += 4;
    return true;
}

bool WireReader::read_bytes(size_t count, std::span<const uint8_t>& bytes) {
    if (remaining() < count) return fail(Failure::out_of_data);
    bytes = m_message.subspan(m_offset, count);
    m_offset += count;
    return true;
}

bool WireReader::read_rest(std::span<const uint8_t>& bytes) { return read_bytes(remaining(), bytes); }

bool WireReader::skip(size_t count) {
    if (remaining() < count) return fail(Failure::out_of_data);
    m_offset += count;
    return true;
}

bool WireReader::read_name(std::string& presentation) {
    // Loop protection (RFC 1035 §4.1.4 allows pointers only to a *prior* occurrence): the
    // first pointer must point before itself and each further one before the previous
    // target. Targets strictly decrease, so decompression always terminates.
    size_t cursor = m_offset;
    size_t limit = m_end;             // labels in place must stay in the window
    size_t pointer_bound = SIZE_MAX;  // targets must be below this
    bool jumped = false;
    size_t name_octets = 0;
    std::string out;
    while (true) {
        if (cursor >= limit) return fail(Failure::out_of_data);
        const uint8_t length = m_message[cursor];
        if ((length & 0xC0) == 0xC0) {
            if (cursor + 1 >= limit) return fail(Failure::out_of_data);
            const size_t target = (static_cast<size_t>(length & 0x3F) << 8) | m_message[cursor + 1];
            if (target >= std::min(cursor, pointer_bound)) return fail(Failure::bad_pointer);
            if (!jumped) m_offset = cursor + 2;
            jumped = true;
            pointer_bound = target;
            cursor = target;
            limit = m_message.size();
            continue;
        }
        // 0x40 and 0x80 are the obsolete extended (RFC 6891 §5) and reserved label types.
        if ((length & 0xC0) != 0) return fail(Failure::bad_label);
        if (length == 0) {
            if (!jumped) m_offset = cursor + 1;
            break;
        }
        if (length > k_max_label_octets) return fail(Failure::bad_label);
        if (cursor + 1 + length > limit) return fail(Failure::out_of_data);
        name_octets += 1 + static_cast<size_t>(length);
        if (name_octets + 1 > k_max_name_octets) return fail(Failure::name_too_long);
        if (!out.empty()) out += '.';
        append_escaped_label(out, m_message.subspan(cursor + 1, length));
        cursor += 1 + static_cast<size_t>(length);
    }
    presentation += out.empty() ? std::string(".") : out;
    return true;
}

}  // namespace osescan::engine::dns
