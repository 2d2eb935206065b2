#include "report/html_escape.hpp"

#include <cstdint>
#include <cstdio>

namespace osescan::report {

namespace {
// Length of the valid UTF-8 sequence at text[i] and its code point; 0 when invalid
// (RFC 3629 §3: no overlongs, no surrogates, nothing above U+10FFFF).
size_t utf8_sequence(std::string_view text, size_t i, uint32_t& code_point) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t length = 0;
    uint32_t min = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, min = 0x80, code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, min = 0x800, code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, min = 0x10000, code_point = lead & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (byte(i + k) & 0x3F);
    }
    if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
        return 0;
    return length;
}

// Unicode bidirectional formatting characters (Trojan Source, CVE-2021-42574): they can
// make quoted text read differently from what it is.
bool is_bidi_control(uint32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

std::string visible_escape(uint32_t cp) {
    char buffer[16];
    if (cp < 0x80) std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(cp));
    else std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(cp));
    return buffer;
}
}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    size_t i = 0;
    while (i < text.size()) {
        uint32_t cp = 0;
        const size_t length = utf8_sequence(text, i, cp);
        if (length == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
            continue;
        }
        switch (cp) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\t':
            case '\n': out += static_cast<char>(cp); break;
            default:
                if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
                    out += visible_escape(cp);
                else
                    out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

std::string html_safe_href(std::string_view url) {
    const bool http = url.starts_with("https://") || url.starts_with("http://");
    return http ? html_escape(url) : std::string();
}

}  // namespace osescan::report
