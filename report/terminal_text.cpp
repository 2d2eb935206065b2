#include "report/terminal_text.hpp"

#include <cstdint>
#include <cstdio>

namespace osescan::report {

namespace {
// Length of the valid UTF-8 sequence starting at text[i] and its code point, or 0 when the
// bytes there are not valid UTF-8 (RFC 3629 §4: no overlongs, no surrogates, <= U+10FFFF).
size_t decode_utf8(std::string_view text, size_t i, uint32_t& code_point) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t length = 0;
    uint32_t cp = 0;
    uint32_t minimum = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, cp = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, cp = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, cp = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    code_point = cp;
    return length;
}

bool is_bidi_control(uint32_t cp) {
    // Unicode UAX #9 explicit formatting characters and marks.
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

void append_hex_byte(std::string& out, unsigned char b) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02x", b);
    out += buffer;
}

void append_code_point_escape(std::string& out, uint32_t cp) {
    char buffer[12];
    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(cp));
    out += buffer;
}

// Appends the safe form of the character at text[i]; returns how many bytes it consumed.
size_t append_safe_char(std::string& out, std::string_view text, size_t i) {
    uint32_t cp = 0;
    const size_t length = decode_utf8(text, i, cp);
    if (length == 0) {
        append_hex_byte(out, static_cast<unsigned char>(text[i]));
        return 1;
    }
    if (cp == '\n') out += "\\n";
    else if (cp == '\r') out += "\\r";
    else if (cp == '\t') out += "\\t";
    else if (cp < 0x20 || cp == 0x7F) append_hex_byte(out, static_cast<unsigned char>(cp));
    else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) append_code_point_escape(out, cp);
    else out.append(text.substr(i, length));
    return length;
}
}  // namespace

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) i += append_safe_char(out, text, i);
    return out;
}

std::string terminal_safe_clipped(std::string_view text, size_t max_chars) {
    std::string out;
    size_t chars = 0;
    for (size_t i = 0; i < text.size(); ++chars) {
        if (chars == max_chars) {
            out += "\u2026";
            break;
        }
        i += append_safe_char(out, text, i);
    }
    return out;
}

}  // namespace osescan::report
