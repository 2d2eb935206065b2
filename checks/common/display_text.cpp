#include "checks/common/display_text.hpp"

namespace osescan::checks::common {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence starting at text[i] (RFC 3629 §4), 0 if invalid.
size_t utf8_sequence_length(std::string_view text, size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const auto at = [&](size_t k) -> unsigned char {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
    };
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return is_continuation(at(1)) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned char second = at(1);
        const bool second_ok = lead == 0xE0   ? (second >= 0xA0 && second <= 0xBF)
                               : lead == 0xED ? (second >= 0x80 && second <= 0x9F)
                                              : is_continuation(second);
        return second_ok && is_continuation(at(2)) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned char second = at(1);
        const bool second_ok = lead == 0xF0   ? (second >= 0x90 && second <= 0xBF)
                               : lead == 0xF4 ? (second >= 0x80 && second <= 0x8F)
                                              : is_continuation(second);
        return second_ok && is_continuation(at(2)) && is_continuation(at(3)) ? 4 : 0;
    }
    return 0;
}

std::string safe_text(std::string_view text, size_t max_bytes) {
    static const char* const k_hex = "0123456789abcdef";
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const size_t length = utf8_sequence_length(text, i);
        if (length > 0 && i + length > max_bytes) break;
        if (length == 0 && i + 1 > max_bytes) break;
        const auto byte = static_cast<unsigned char>(text[i]);
        if (length == 0 || byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0xf];
            ++i;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    if (i < text.size()) out += "...";
    return out;
}

}  // namespace

std::string evidence_text(std::string_view text) { return safe_text(text, 4096); }

std::string display_text(std::string_view text, size_t max_chars) { return safe_text(text, max_chars); }

}  // namespace osescan::checks::common
