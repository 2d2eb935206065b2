#include "checks/common/display_text.hpp"

#include "facts/utf8.hpp"

namespace osescan::checks::common {

namespace {

std::string safe_text(std::string_view text, size_t max_bytes) {
    static const char* const k_hex = "0123456789abcdef";
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const facts::Utf8Char c = facts::decode_utf8(text, i);
        if (i + c.length > max_bytes) break;
        const auto byte = static_cast<unsigned char>(text[i]);
        if (!c.valid || byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0xf];
            ++i;
            continue;
        }
        out.append(text.substr(i, c.length));
        i += c.length;
    }
    if (i < text.size()) out += "...";
    return out;
}

}  // namespace

std::string evidence_text(std::string_view text) { return safe_text(text, 4096); }

std::string display_text(std::string_view text, size_t max_chars) { return safe_text(text, max_chars); }

}  // namespace osescan::checks::common
