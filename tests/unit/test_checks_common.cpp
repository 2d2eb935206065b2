// Shared helpers of the checks: display/evidence text, probe error findings.
#include <doctest/doctest.h>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"

using namespace osescan;
using checks::common::display_text;
using checks::common::evidence_text;

TEST_CASE("display_text and evidence_text make remote text valid UTF-8 and bounded") {
    CHECK(display_text("plain") == "plain");
    CHECK(display_text("caf\xc3\xa9") == "caf\xc3\xa9");                  // valid UTF-8 kept
    CHECK(display_text("a\x01" "b\x7f") == "a\\x01b\\x7f");               // controls escaped
    CHECK(display_text("bad\xff\xfe") == "bad\\xff\\xfe");                // invalid bytes escaped
    CHECK(display_text("\xc3") == "\\xc3");                               // truncated sequence
    CHECK(display_text("\xed\xa0\x80") == "\\xed\\xa0\\x80");             // UTF-16 surrogate
    CHECK(display_text("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");    // beyond U+10FFFF
    CHECK(display_text("\xe0\x80\xaf") == "\\xe0\\x80\\xaf");             // overlong
    CHECK(display_text("\xf0\x9f\x94\x92") == "\xf0\x9f\x94\x92");        // 4-byte emoji kept
    CHECK(display_text("abcdef", 3) == "abc...");
    CHECK(display_text("ab\xc3\xa9", 3) == "ab...");                      // never cut inside a character
    CHECK(evidence_text(std::string(5000, 'x')).size() == 4096 + 3);
    for (const std::string& text : {std::string("\xff\xc3(\x80"), std::string("\x00\x01", 2)})
        CHECK_NOTHROW((void)nlohmann::json(evidence_text(text)).dump());
}

TEST_CASE("probe_error_finding: error status, stable outcome, safe detail") {
    const checks::Finding f = checks::common::probe_error_finding(
        "x.y", "198.51.100.1", facts::ProbeError{"timeout", "no answer\xff in 10 s"}, "the probe");
    CHECK(f.status == checks::Status::error);
    CHECK(f.outcome == "probe-timeout");
    CHECK(f.subject == "198.51.100.1");
    CHECK(f.evidence.at("probe_error") == "timeout");
    CHECK(f.evidence.at("detail") == "no answer\\xff in 10 s");
    CHECK(f.summary == "Could not tell: the probe failed (timeout): no answer\\xff in 10 s");
}
