#include <doctest/doctest.h>

#include <string>

#include "checks/registry.hpp"
#include "report/html_escape.hpp"
#include "report/html_report.hpp"

using namespace osescan;
using report::html_escape;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

size_t occurrences(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

const std::string k_payload = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";

report::ScanReport hostile_report() {
    report::ScanReport r;
    r.tool_version = "9.9.9";
    r.checks = {checks::find_check("hsts.policy"), checks::find_check("tls.version")};
    checks::TargetResult t;
    t.target = facts::Target{"Hostile.Example", "hostile.example", false, 443, "/"};
    t.findings = {
        checks::Finding{"hsts.policy", "198.51.100.1", checks::Status::fail, "invalid",
                        "Invalid header: " + k_payload, {{"header", k_payload}}},
        checks::Finding{"tls.version", "198.51.100.1", checks::Status::pass, "tls13", "TLS 1.3 only", {}},
    };
    r.targets.push_back(t);
    return r;
}
}  // namespace

TEST_CASE("html_escape: the five markup characters become references") {
    CHECK(html_escape("<a href=\"x\" title='y'>&</a>") ==
          "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    CHECK(html_escape(k_payload) ==
          "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    CHECK(html_escape("") == "");
    CHECK(html_escape("plain text, caf\xC3\xA9 \xE2\x9C\x93") == "plain text, caf\xC3\xA9 \xE2\x9C\x93");
}

TEST_CASE("html_escape: control characters become visible escapes, tab and newline stay") {
    CHECK(html_escape("a\x1b[31mb") == "a\\x1b[31mb");
    CHECK(html_escape(std::string("nul\0x", 5)) == "nul\\x00x");
    CHECK(html_escape("del\x7f") == "del\\x7f");
    CHECK(html_escape("cr\r") == "cr\\x0d");
    CHECK(html_escape("tab\tline\n") == "tab\tline\n");
    CHECK(html_escape("c1 \xC2\x85") == "c1 \\u0085");                 // U+0085 NEL
    CHECK(html_escape("bidi \xE2\x80\xAE" "abc") == "bidi \\u202eabc");  // U+202E RLO
    CHECK(html_escape("iso \xE2\x81\xA6x") == "iso \\u2066x");          // U+2066 LRI
}

TEST_CASE("html_escape: invalid UTF-8 becomes U+FFFD, the output is valid UTF-8") {
    CHECK(html_escape("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(html_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");            // overlong '/'
    CHECK(html_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    CHECK(html_escape("cut \xE2\x9C") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("html_safe_href: only http and https URLs become links") {
    CHECK(report::html_safe_href("https://www.rfc-editor.org/rfc/rfc6797#section-6.1") ==
          "https://www.rfc-editor.org/rfc/rfc6797#section-6.1");
    CHECK(report::html_safe_href("https://x.example/?a=1&b=\"2\"") == "https://x.example/?a=1&amp;b=&quot;2&quot;");
    CHECK(report::html_safe_href("javascript:alert(1)") == "");
    CHECK(report::html_safe_href("data:text/html,<script>") == "");
}

TEST_CASE("the HTML report shows a hostile header as text and contains no script") {
    const std::string html = report::render_html_report(hostile_report(), {});
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<img"));
    CHECK_FALSE(contains(html, "onerror=alert(1)>"));
    // In the verdict and in the evidence (JSON-quoted there).
    CHECK(contains(html, "Invalid header: &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    CHECK(contains(html, "&quot;header&quot;: &quot;&lt;script&gt;alert(1)&lt;/script&gt;\\&quot;&gt;&lt;img"));
}

TEST_CASE("the HTML report is self-contained: a strict CSP, no external resources") {
    const std::string html = report::render_html_report(hostile_report(), {});
    CHECK(contains(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                         "style-src 'unsafe-inline'; img-src data:"));
    CHECK_FALSE(contains(html, "<link"));
    CHECK_FALSE(contains(html, "src=\"http"));
    CHECK_FALSE(contains(html, "@import"));
    CHECK_FALSE(contains(html, "url("));
    // Links only to the references (RFCs), never loaded by the page.
    CHECK(contains(html, "<a href=\"https://www.rfc-editor.org/"));
}

TEST_CASE("the HTML report: scores as SVG, status as symbol, word and colour class") {
    const std::string html = report::render_html_report(hostile_report(), {});
    // One fail (0) and one pass (100) in different families: the https family 0, tls 100, overall 50.
    CHECK(contains(html, "aria-label=\"Overall score 50 out of 100\""));
    CHECK(contains(html, "aria-label=\"HTTPS and HTTP security score 0 out of 100\""));
    CHECK(contains(html, "aria-label=\"TLS score 100 out of 100\""));
    CHECK(contains(html, "<span class=\"badge s-fail\">\u2717 FAIL</span>"));
    CHECK(contains(html, "<span class=\"badge s-pass\">\u2713 PASS</span>"));
    CHECK(contains(html, "<h4>Why it matters</h4>"));
    CHECK(contains(html, "<h4>How to fix</h4>"));
    CHECK(contains(html, "@media print"));
    // One target: no index.
    CHECK_FALSE(contains(html, "<h2>Targets</h2>"));
}

TEST_CASE("--explain opens every check and adds the legend; the default keeps them folded") {
    const std::string folded = report::render_html_report(hostile_report(), {false});
    const std::string open = report::render_html_report(hostile_report(), {true});
    CHECK(occurrences(folded, "<details open>") == 0);
    CHECK(occurrences(open, "<details open>") == 2);
    CHECK(contains(open, "<body class=\"explain\">"));
    CHECK(contains(open, "How to read this report"));
    CHECK_FALSE(contains(folded, "How to read this report"));
    // Evidence stays folded in both: it is for experts.
    CHECK(contains(open, "<details class=\"evidence\"><summary>"));
}

TEST_CASE("a batch gets an index with an anchor per target, policy ignores are shown with the reason") {
    report::ScanReport r = hostile_report();
    checks::TargetResult second = r.targets.front();
    second.target = facts::Target{"second.example", "second.example", false, 8443, "/app"};
    r.targets.push_back(second);
    r.policy = report::PolicySummary{"ci/policy.json", {}};
    r.policy->targets.resize(2);
    r.policy->targets[1].ignored[0] = "legacy <clients> until Q3";
    r.policy->targets[0].violations.push_back({"hsts.policy", "198.51.100.1", "fail", "warn"});
    r.input_errors.push_back({"list.txt", 7, "bad<target>", "not a host name"});
    const std::string html = report::render_html_report(r, {});
    CHECK(contains(html, "<h2>Targets</h2>"));
    CHECK(contains(html, "<a href=\"#target-1\">hostile.example</a>"));
    CHECK(contains(html, "<a href=\"#target-2\">second.example:8443/app</a>"));
    CHECK(contains(html, "id=\"target-2\""));
    CHECK(contains(html, "ignored by policy: legacy &lt;clients&gt; until Q3"));
    CHECK(contains(html, "breaks the policy <code>ci/policy.json</code>"));
    CHECK(contains(html, "<code>list.txt:7</code> <code>bad&lt;target&gt;</code>: not a host name"));
}

TEST_CASE("HTML rows are grouped per check and verdict; every member's evidence stays in the row") {
    report::ScanReport r;
    r.checks = {checks::find_check("tls.version")};
    checks::TargetResult t;
    t.target = facts::Target{"example.com", "example.com", false, 443, "/"};
    t.findings = {
        {"tls.version", "198.51.100.1", checks::Status::pass, "ok", "198.51.100.1:443 accepts TLSv1.3", {{"n", 1}}},
        {"tls.version", "2001:db8::1", checks::Status::pass, "ok", "[2001:db8::1]:443 accepts TLSv1.3", {{"n", 2}}},
        {"tls.version", "2001:db8::2", checks::Status::fail, "old", "[2001:db8::2]:443 accepts TLSv1", {{"n", 3}}},
    };
    r.targets.push_back(t);
    const std::string html = report::render_html_report(r, {});
    CHECK(occurrences(html, "<li class=\"finding ") == 2);
    CHECK(contains(html, "<span class=\"subject\">198.51.100.1, 2001:db8::1</span>"
                         "<span class=\"verdict\">each address accepts TLSv1.3</span>"));
    CHECK(contains(html, "Evidence (what was observed): 198.51.100.1</summary>"));
    CHECK(contains(html, "Evidence (what was observed): 2001:db8::1</summary>"));
    CHECK(contains(html, "&quot;n&quot;: 2"));
    CHECK(contains(html, "<span class=\"subject\">2001:db8::2</span>"));
}

TEST_CASE("HTML: a capped score is red and says why; an incomplete one is marked; none is a dash") {
    report::ScanReport r;
    r.checks = {checks::find_check("tls.version"), checks::find_check("tls.certificate.validity"),
                checks::find_check("https.available")};
    checks::TargetResult capped;
    capped.target = facts::Target{"expired.example", "expired.example", false, 443, "/"};
    capped.findings = {{"tls.version", "198.51.100.1", checks::Status::pass, "ok", "fine", {}},
                       {"tls.certificate.validity", "198.51.100.1", checks::Status::fail, "expired", "expired", {}}};
    checks::TargetResult incomplete;
    incomplete.target = facts::Target{"silent.example", "silent.example", false, 443, "/"};
    incomplete.findings = {{"tls.version", "198.51.100.2", checks::Status::pass, "ok", "fine", {}},
                           {"https.available", "198.51.100.2", checks::Status::error, "probe-timeout", "timeout", {}}};
    checks::TargetResult none;
    none.target = facts::Target{"gone.example", "gone.example", false, 443, "/"};
    none.findings = {{"https.available", "", checks::Status::error, "probe-dns-error", "gone", {}}};
    r.targets = {capped, incomplete, none};
    const std::string html = report::render_html_report(r, {});
    CHECK(contains(html, "aria-label=\"Overall score 49 out of 100; capped at 49 by a blocking failure: "
                         "tls.certificate.validity expired (198.51.100.1)\""));
    CHECK(contains(html, "stroke=\"#cf222e\""));
    CHECK(contains(html, ">capped / 100</text>"));
    CHECK(contains(html, ">100*</text>"));
    CHECK(contains(html, ">incomplete</text>"));
    CHECK(contains(html, "incomplete: 1 check could not run</li>"));
    CHECK(contains(html, "aria-label=\"No overall score; incomplete: 1 check could not run\""));
    // The index says it too.
    CHECK(contains(html, "<span class=\"note\">capped</span>"));
    CHECK(contains(html, "<span class=\"note\">incomplete (1 not run)</span>"));
}
