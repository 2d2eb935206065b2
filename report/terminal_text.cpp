#include "report/terminal_text.hpp"

#include <cstdint>
#include <cstdio>

#include "facts/utf8.hpp"

namespace osescan::report {

namespace {
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
    const facts::Utf8Char c = facts::decode_utf8(text, i);
    if (!c.valid) {
        append_hex_byte(out, static_cast<unsigned char>(text[i]));
        return 1;
    }
    const uint32_t cp = c.code_point;
    const size_t length = c.length;
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
