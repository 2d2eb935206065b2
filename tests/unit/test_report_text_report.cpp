#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "checks/registry.hpp"
#include "report/terminal_text.hpp"
#include "report/text_report.hpp"

using namespace osescan;
using report::TextOptions;

namespace {
const checks::Check& scored_check_with_fix() {
    const auto& all = checks::all_checks();
    auto it = std::find_if(all.begin(), all.end(),
                           [](const checks::Check& c) { return c.info.scored && !c.info.fix.empty(); });
    REQUIRE(it != all.end());
    return *it;
}

checks::TargetResult sample_target() {
    const std::string id{scored_check_with_fix().info.id};
    checks::TargetResult t;
    t.target = facts::Target{"example.com", "example.com", false, 443, "/"};
    t.findings = {
        checks::Finding{id, "198.51.100.1", checks::Status::pass, "ok", "all good", {{"k", 1}}},
        checks::Finding{id, "198.51.100.2", checks::Status::fail, "bad", "not good", {{"k", 2}}},
    };
    return t;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("colour only on a terminal without NO_COLOR") {
    CHECK(report::use_colour(true, nullptr));
    CHECK_FALSE(report::use_colour(false, nullptr));
    CHECK_FALSE(report::use_colour(true, "1"));
    CHECK_FALSE(report::use_colour(false, "1"));
    // no-color.org: an empty NO_COLOR does not disable colour.
    CHECK(report::use_colour(true, ""));
}

TEST_CASE("status words are four columns") {
    CHECK(report::status_word(checks::Status::pass) == "PASS");
    CHECK(report::status_word(checks::Status::info) == "INFO");
    CHECK(report::status_word(checks::Status::warn) == "WARN");
    CHECK(report::status_word(checks::Status::fail) == "FAIL");
    CHECK(report::status_word(checks::Status::error) == "ERR ");
    CHECK(report::status_word(checks::Status::not_applicable) == "N/A ");
}

TEST_CASE("a target section without colour: header, counts, family, one line per finding") {
    const checks::Check& check = scored_check_with_fix();
    const std::string text = report::render_target_text(sample_target(), TextOptions{false, false});
    const std::string title{check.info.title};
    const std::string family{checks::family_title(check.info.family)};
    const std::string expected =
        "example.com  overall score 50/100\n"
        "  pass 1 \u00b7 info 0 \u00b7 warn 0 \u00b7 fail 1 \u00b7 error 0 \u00b7 n/a 0\n"
        "\n"
        "  " + family + "  score 50/100\n"
        "    \u2713 PASS  " + title + " (198.51.100.1): all good\n"
        "    \u2717 FAIL  " + title + " (198.51.100.2): not good\n";
    CHECK(text == expected);
    CHECK_FALSE(contains(text, "\x1b"));
}

TEST_CASE("with colour, status markers and headings carry ANSI styles") {
    const std::string text = report::render_target_text(sample_target(), TextOptions{true, false});
    CHECK(contains(text, "\x1b[1mexample.com\x1b[0m"));
    CHECK(contains(text, "\x1b[32m\u2713 PASS\x1b[0m"));
    CHECK(contains(text, "\x1b[31m\u2717 FAIL\x1b[0m"));
    CHECK(contains(text, "\x1b[31mfail 1\x1b[0m"));
}

TEST_CASE("verbose adds evidence, and why/fix/snippets/references for warn and fail only") {
    const checks::Check& check = scored_check_with_fix();
    const std::string text = report::render_target_text(sample_target(), TextOptions{false, true});
    CHECK(contains(text, "           evidence: {\"k\":1}\n"));
    CHECK(contains(text, "           evidence: {\"k\":2}\n"));
    const std::string fix_line = "           fix: " + report::terminal_safe(check.info.fix) + "\n";
    // One fix line: the fail finding's, not the pass finding's.
    const size_t first = text.find(fix_line);
    REQUIRE(first != std::string::npos);
    CHECK(text.find(fix_line, first + 1) == std::string::npos);
    CHECK(first > text.find("FAIL"));
    for (const checks::ConfigSnippet& s : check.info.snippets)
        CHECK(contains(text, "           " + std::string(s.server) + ":\n"));
    if (!check.info.refs.empty())
        CHECK(contains(text, " <" + std::string(check.info.refs[0].url) + ">"));
}

TEST_CASE("remote-controlled strings cannot inject terminal escapes") {
    checks::TargetResult t = sample_target();
    t.target.input = "evil\x1b]0;pwned\x07.example";
    t.findings[0].subject = "198.51.100.1\x1b[2J";
    t.findings[0].summary = "Strict-Transport-Security: max-age=1\x1b[31m\r\nX-Fake: yes";
    t.findings[1].evidence = {{"header", "\x1b[8mhidden\xE2\x80\xAE"}};
    for (bool colour : {false, true}) {
        const std::string text = report::render_target_text(t, TextOptions{colour, true});
        // The only ESC bytes left are the renderer's own colour codes.
        std::string stripped = text;
        for (const char* code : {"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m",
                                 "\x1b[35m", "\x1b[36m"}) {
            for (size_t at; (at = stripped.find(code)) != std::string::npos;)
                stripped.erase(at, std::string(code).size());
        }
        CHECK(stripped.find('\x1b') == std::string::npos);
        CHECK(stripped.find('\r') == std::string::npos);
        CHECK(stripped.find("\xE2\x80\xAE") == std::string::npos);
        CHECK(contains(stripped, "max-age=1\\x1b[31m\\r\\nX-Fake: yes"));
        CHECK(contains(stripped, "(198.51.100.1\\x1b[2J)"));
        // JSON escapes the ESC in evidence; the bidi override is escaped for the terminal.
        CHECK(contains(stripped, "\\u001b[8mhidden\\u202e"));
    }
}

TEST_CASE("IP, port, path and IDN input in the heading") {
    checks::TargetResult t;
    t.target = facts::Target{"https://[2001:db8::1]:8443/x", "2001:db8::1", true, 8443, "/x"};
    CHECK(report::render_target_text(t, {}).rfind("[2001:db8::1]:8443/x  overall no score\n", 0) == 0);
    t.target = facts::Target{"bücher.example", "xn--bcher-kva.example", false, 443, "/"};
    CHECK(report::render_target_text(t, {}).rfind("xn--bcher-kva.example (bücher.example)  overall", 0) == 0);
    CHECK(contains(report::render_target_text(t, {}), "  no findings (no selected check applies)\n"));
}

TEST_CASE("the whole report ends with a footer of totals") {
    report::ScanReport r;
    r.targets = {sample_target(), sample_target()};
    r.checks = {&scored_check_with_fix()};
    r.started = std::chrono::system_clock::time_point(std::chrono::seconds(1790000000));
    r.finished = r.started + std::chrono::milliseconds(1300);
    const std::string text = report::render_text_report(r, {});
    const std::string section = report::render_target_text(sample_target(), {});
    CHECK(text == section + "\n" + section +
                      "\n2 targets, 1 check, 1.3 s: pass 2 \u00b7 info 0 \u00b7 warn 0 \u00b7 fail 2 "
                      "\u00b7 error 0 \u00b7 n/a 0\n");
}

TEST_CASE("grouped rows: addresses with the same verdict share a row; those that disagree keep their own") {
    const std::string id = "tls.version";
    const std::string title{checks::find_check(id)->info.title};
    checks::TargetResult t;
    t.target = facts::Target{"example.com", "example.com", false, 443, "/"};
    t.findings = {
        {id, "198.51.100.1", checks::Status::pass, "ok", "198.51.100.1:443 accepts TLSv1.3 only", {}},
        {id, "2001:db8::1", checks::Status::pass, "ok", "[2001:db8::1]:443 accepts TLSv1.3 only", {}},
        {id, "2001:db8::2", checks::Status::fail, "old", "[2001:db8::2]:443 accepts TLSv1", {}},
        // Same status and outcome, but it says something else: a row of its own.
        {id, "198.51.100.2", checks::Status::pass, "ok", "198.51.100.2:443 accepts TLSv1.2 only", {}},
        // "198.51.100.1" inside a longer address is not the subject.
        {id, "198.51.100.10", checks::Status::pass, "ok", "198.51.100.100:443 accepts TLSv1.3 only", {}},
    };
    const std::string text = report::render_target_text(t, TextOptions{false, false});
    CHECK(contains(text, "    \u2713 PASS  " + title + " (198.51.100.1, 2001:db8::1): each address accepts TLSv1.3 only\n"));
    CHECK(contains(text, "    \u2717 FAIL  " + title + " (2001:db8::2): [2001:db8::2]:443 accepts TLSv1\n"));
    CHECK(contains(text, "    \u2713 PASS  " + title + " (198.51.100.2): 198.51.100.2:443 accepts TLSv1.2 only\n"));
    CHECK(contains(text, "(198.51.100.10): 198.51.100.100:443 accepts TLSv1.3 only\n"));
    // --verbose keeps every finding on its own row.
    const std::string verbose = report::render_target_text(t, TextOptions{false, true});
    CHECK(contains(verbose, "(198.51.100.1): 198.51.100.1:443 accepts TLSv1.3 only\n"));
    CHECK(contains(verbose, "(2001:db8::1): [2001:db8::1]:443 accepts TLSv1.3 only\n"));
}

TEST_CASE("the heading shows a capped and an incomplete score as such, and no score as such") {
    checks::TargetResult t;
    t.target = facts::Target{"expired.example", "expired.example", false, 443, "/"};
    t.findings = {{"tls.version", "198.51.100.1", checks::Status::pass, "ok", "fine", {}},
                  {"tls.certificate.validity", "198.51.100.1", checks::Status::fail, "expired", "expired", {}},
                  {"https.available", "198.51.100.1", checks::Status::error, "probe-timeout", "timeout", {}}};
    const std::string text = report::render_target_text(t, TextOptions{false, false});
    CHECK(text.rfind("expired.example  overall score 49/100 \u00b7 capped at 49 by a blocking failure: "
                     "tls.certificate.validity expired (198.51.100.1) \u00b7 incomplete: 1 check could not run\n",
                     0) == 0);
    CHECK(contains(report::render_target_text(t, TextOptions{true, false}), "\x1b[31moverall score 49/100"));
    t.findings = {{"https.available", "198.51.100.1", checks::Status::error, "probe-timeout", "timeout", {}}};
    CHECK(report::render_target_text(t, {}).rfind(
              "expired.example  overall no score \u00b7 incomplete: 1 check could not run\n", 0) == 0);
}
