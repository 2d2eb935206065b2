// The one UTF-8 decoder (facts/utf8): valid forms of every length, and every kind of
// invalid input RFC 3629 names (overlongs, surrogates, above U+10FFFF, truncated
// sequences, stray continuation bytes), each taking one byte.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "facts/utf8.hpp"

using osescan::facts::append_utf8;
using osescan::facts::decode_utf8;
using osescan::facts::for_each_utf8;
using osescan::facts::is_valid_utf8;
using osescan::facts::Utf8Char;

namespace {
// The walk as text: "U+XXXX" for a character, "!XX" for an invalid byte.
std::string walk(std::string_view text) {
    std::string out;
    for_each_utf8(text, [&](const Utf8Char& c, std::string_view bytes) {
        char buffer[16];
        if (c.valid) std::snprintf(buffer, sizeof buffer, "U+%04X ", static_cast<unsigned>(c.code_point));
        else std::snprintf(buffer, sizeof buffer, "!%02X ", static_cast<unsigned>(c.code_point));
        out += buffer;
        CHECK(bytes.size() == c.length);
    });
    if (!out.empty()) out.pop_back();
    return out;
}
}  // namespace

TEST_CASE("utf8: valid sequences of 1 to 4 bytes, at the edges of each length") {
    CHECK(walk("") == "");
    CHECK(walk(std::string("a\0b", 3)) == "U+0061 U+0000 U+0062");
    CHECK(walk("\x7F") == "U+007F");
    CHECK(walk("\xC2\x80") == "U+0080");
    CHECK(walk("\xDF\xBF") == "U+07FF");
    CHECK(walk("\xE0\xA0\x80") == "U+0800");
    CHECK(walk("\xED\x9F\xBF") == "U+D7FF");          // last before the surrogates
    CHECK(walk("\xEE\x80\x80") == "U+E000");          // first after them
    CHECK(walk("\xEF\xBF\xBF") == "U+FFFF");
    CHECK(walk("\xF0\x90\x80\x80") == "U+10000");
    CHECK(walk("\xF4\x8F\xBF\xBF") == "U+10FFFF");
    CHECK(walk("b\xC3\xBC" "cher \xE2\x80\xAE") == "U+0062 U+00FC U+0063 U+0068 U+0065 U+0072 U+0020 U+202E");
    const Utf8Char c = decode_utf8("x\xE2\x82\xAC", 1);
    CHECK(c.valid);
    CHECK(c.length == 3);
    CHECK(c.code_point == 0x20AC);
}

TEST_CASE("utf8: overlong forms are invalid, byte by byte") {
    CHECK(walk("\xC0\xAF") == "!C0 !AF");              // '/' in two bytes
    CHECK(walk("\xC1\xBF") == "!C1 !BF");
    CHECK(walk("\xE0\x80\xAF") == "!E0 !80 !AF");      // '/' in three bytes
    CHECK(walk("\xE0\x9F\xBF") == "!E0 !9F !BF");      // U+07FF in three bytes
    CHECK(walk("\xF0\x80\x80\xAF") == "!F0 !80 !80 !AF");
    CHECK(walk("\xF0\x8F\xBF\xBF") == "!F0 !8F !BF !BF");  // U+FFFF in four bytes
}

TEST_CASE("utf8: UTF-16 surrogates and code points above U+10FFFF are invalid") {
    CHECK(walk("\xED\xA0\x80") == "!ED !A0 !80");      // U+D800
    CHECK(walk("\xED\xBF\xBF") == "!ED !BF !BF");      // U+DFFF
    CHECK(walk("\xED\xA0\xBD\xED\xB8\x80") == "!ED !A0 !BD !ED !B8 !80");  // a CESU-8 pair
    CHECK(walk("\xF4\x90\x80\x80") == "!F4 !90 !80 !80");  // U+110000
    CHECK(walk("\xF5\x80\x80\x80") == "!F5 !80 !80 !80");
    CHECK(walk("\xF8\x88\x80\x80\x80") == "!F8 !88 !80 !80 !80");  // old 5-byte form
    CHECK(walk("\xFE\xFF") == "!FE !FF");
}

TEST_CASE("utf8: truncated sequences and stray continuation bytes") {
    CHECK(walk("\xC3") == "!C3");
    CHECK(walk("\xE2\x82") == "!E2 !82");
    CHECK(walk("\xF0\x9F\x98") == "!F0 !9F !98");
    CHECK(walk("\xE2\x82x") == "!E2 !82 U+0078");      // cut short by an ASCII byte
    CHECK(walk("\xE2\xE2\x82\xAC") == "!E2 U+20AC");   // resynchronises on the next lead
    CHECK(walk("\x80\xBF") == "!80 !BF");
    // Reads never go past the view, even when the view is a slice of a longer string.
    const std::string whole = "\xE2\x82\xAC";
    CHECK_FALSE(decode_utf8(std::string_view(whole).substr(0, 2), 0).valid);
}

TEST_CASE("utf8: is_valid_utf8 and append_utf8 round trip") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ASCII"));
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80 \xC3\xA9"));
    CHECK_FALSE(is_valid_utf8("ok \xC0\xAF"));
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
    for (char32_t cp : std::vector<char32_t>{0x0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
                                             0x10000, 0x1F600, 0x10FFFF}) {
        std::string text;
        append_utf8(text, cp);
        const Utf8Char c = decode_utf8(text, 0);
        CHECK(c.valid);
        CHECK(c.length == text.size());
        CHECK(c.code_point == cp);
    }
}
