#include <doctest/doctest.h>

#include "report/terminal_text.hpp"

using osescan::report::terminal_safe;
using osescan::report::terminal_safe_clipped;

TEST_CASE("printable text, ASCII or not, is kept") {
    CHECK(terminal_safe("max-age=31536000; includeSubDomains") == "max-age=31536000; includeSubDomains");
    CHECK(terminal_safe("bücher.example — ✓") == "bücher.example — ✓");
    CHECK(terminal_safe("") == "");
}

TEST_CASE("control characters become visible escapes") {
    CHECK(terminal_safe("a\x1b[31mred") == "a\\x1b[31mred");
    CHECK(terminal_safe("\x1b]0;title\x07") == "\\x1b]0;title\\x07");
    CHECK(terminal_safe("line1\nline2\r\tx") == "line1\\nline2\\r\\tx");
    CHECK(terminal_safe(std::string("a\0b", 3)) == "a\\x00b");
    CHECK(terminal_safe("del\x7f") == "del\\x7f");
    // C1 controls in UTF-8 (U+009B is a one-character CSI on some terminals).
    CHECK(terminal_safe("x\xC2\x9B" "2J") == "x\\u009b2J");
}

TEST_CASE("bidirectional controls and invalid UTF-8 are escaped") {
    CHECK(terminal_safe("abc\xE2\x80\xAE" "fed") == "abc\\u202efed");  // U+202E RLO
    CHECK(terminal_safe("\xE2\x81\xA6x\xE2\x81\xA9") == "\\u2066x\\u2069");
    CHECK(terminal_safe("bad\xFFutf8") == "bad\\xffutf8");
    CHECK(terminal_safe("\xC0\xAF") == "\\xc0\\xaf");          // overlong '/'
    CHECK(terminal_safe("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // surrogate
    CHECK(terminal_safe("cut\xE2\x80") == "cut\\xe2\\x80");     // truncated sequence
}

TEST_CASE("clipping counts code points and marks the cut") {
    CHECK(terminal_safe_clipped("abcdef", 3) == "abc\u2026");
    CHECK(terminal_safe_clipped("abc", 3) == "abc");
    CHECK(terminal_safe_clipped("äöüß", 2) == "äö\u2026");
    CHECK(terminal_safe_clipped("\x1b\x1b\x1b", 2) == "\\x1b\\x1b\u2026");
}
