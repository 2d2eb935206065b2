#pragma once
// The one UTF-8 decoder (RFC 3629). Remote text (headers, TXT records, certificate names)
// may hold any bytes; every place that makes such text safe (terminal, HTML, XML, the
// findings' display text) walks it with decode_utf8() and keeps its own policy of what to
// escape and what to put in place of a byte that is not valid UTF-8.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace osescan::facts {

// One step of a walk over UTF-8 text.
struct Utf8Char {
    char32_t code_point = 0;  // the character; for an invalid byte, that byte's value
    size_t length = 0;        // bytes taken: 1-4 when valid, always 1 when not
    bool valid = false;       // false: the byte at this position does not start a valid sequence
};

// The character at text[at] (at < text.size()). Invalid: overlong forms, UTF-16 surrogates
// (U+D800-U+DFFF), anything above U+10FFFF, truncated sequences, stray continuation bytes
// and the bytes 0xC0, 0xC1, 0xF5-0xFF. An invalid sequence takes one byte, so a walk
// resynchronises on the next byte (the usual "maximal subpart" practice replaces each
// such byte on its own).
Utf8Char decode_utf8(std::string_view text, size_t at);

// Calls on_char(const Utf8Char&, std::string_view bytes_of_the_char) for every character.
template <class OnChar>
void for_each_utf8(std::string_view text, OnChar&& on_char) {
    for (size_t i = 0; i < text.size();) {
        const Utf8Char c = decode_utf8(text, i);
        on_char(c, text.substr(i, c.length));
        i += c.length;
    }
}

// Whether the whole text is valid UTF-8.
bool is_valid_utf8(std::string_view text);

// Appends the UTF-8 form of a Unicode scalar value (not a surrogate, at most U+10FFFF).
void append_utf8(std::string& out, char32_t code_point);

}  // namespace osescan::facts
