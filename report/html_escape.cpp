#include "report/html_escape.hpp"

#include <cstdint>
#include <cstdio>

#include "facts/utf8.hpp"

namespace osescan::report {

namespace {
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
    facts::for_each_utf8(text, [&](const facts::Utf8Char& c, std::string_view bytes) {
        if (!c.valid) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            return;
        }
        const uint32_t cp = c.code_point;
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
                    out.append(bytes);
        }
    });
    return out;
}

std::string html_safe_href(std::string_view url) {
    const bool http = url.starts_with("https://") || url.starts_with("http://");
    return http ? html_escape(url) : std::string();
}

}  // namespace osescan::report
