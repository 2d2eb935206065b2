// The Strict-Transport-Security parser (RFC 6797 §6.1), on the RFC's examples and on
// malformed input.
#include <doctest/doctest.h>

#include <limits>

#include "checks/https/hsts_header.hpp"

using osescan::checks::https::HstsParseResult;
using osescan::checks::https::parse_hsts_header;

namespace {
HstsParseResult valid(const std::string& value) {
    INFO("header: " << value);
    const HstsParseResult r = parse_hsts_header(value);
    CHECK_MESSAGE(r.valid, r.error.code << ": " << r.error.message);
    return r;
}

std::string error_code(const std::string& value) {
    INFO("header: " << value);
    const HstsParseResult r = parse_hsts_header(value);
    CHECK_FALSE(r.valid);
    CHECK_FALSE(r.error.message.empty());
    return r.error.code;
}
}  // namespace

TEST_CASE("HSTS: the examples of RFC 6797 §6.2") {
    auto r = valid("max-age=31536000");
    CHECK(r.policy.max_age == 31536000);
    CHECK_FALSE(r.policy.include_subdomains);
    CHECK_FALSE(r.policy.preload);

    r = valid("max-age=15768000 ; includeSubDomains");
    CHECK(r.policy.max_age == 15768000);
    CHECK(r.policy.include_subdomains);

    r = valid("max-age=\"31536000\"");  // "The max-age directive value can optionally be quoted"
    CHECK(r.policy.max_age == 31536000);

    r = valid("max-age=0");
    CHECK(r.policy.max_age == 0);

    r = valid("max-age=0; includeSubDomains");
    CHECK(r.policy.max_age == 0);
    CHECK(r.policy.include_subdomains);
}

TEST_CASE("HSTS: whitespace, case and empty directives") {
    auto r = valid("  MAX-AGE = 63072000 ;\tIncludeSubdomains ; PRELOAD  ");
    CHECK(r.policy.max_age == 63072000);
    CHECK(r.policy.include_subdomains);
    CHECK(r.policy.preload);

    r = valid(";max-age=10;");  // leading and trailing ';'
    CHECK(r.policy.max_age == 10);
    r = valid(";;max-age=10;;;includeSubDomains;;");
    CHECK(r.policy.include_subdomains);
    r = valid("includeSubDomains; max-age=5");  // order is not significant (§6.1 item 1)
    CHECK(r.policy.max_age == 5);
}

TEST_CASE("HSTS: quoted values") {
    auto r = valid("max-age=\"0031536000\"");
    CHECK(r.policy.max_age == 31536000);
    // quoted-pair inside a quoted max-age unescapes to digits
    r = valid("max-age=\"1\\2\"");
    CHECK(r.policy.max_age == 12);
    CHECK(error_code("max-age=\"\"") == "max-age-not-a-number");
    CHECK(error_code("max-age=\" 1\"") == "max-age-not-a-number");
    CHECK(error_code("max-age=\"10") == "unterminated-quoted-string");
    CHECK(error_code("max-age=\"10\\") == "unterminated-quoted-string");
    CHECK(error_code("max-age=10; foo=\"bar\x01\"") == "control-character");
    CHECK(error_code("max-age=10; foo=\"bar\\\x7f\"") == "control-character");
    CHECK(error_code("max-age=\"10\"x") == "syntax");
}

TEST_CASE("HSTS: unknown directives are ignored, including quoted values with ';'") {
    auto r = valid("max-age=100; foo=\"a;b\"; includeSubDomains");
    CHECK(r.policy.max_age == 100);
    CHECK(r.policy.include_subdomains);
    REQUIRE(r.policy.ignored_directives.size() == 1);
    CHECK(r.policy.ignored_directives[0] == "foo");

    r = valid("report-uri=\"https://r.test/a;b=c\\\"d\"; max-age=7; bare");
    CHECK(r.policy.max_age == 7);
    CHECK(r.policy.ignored_directives == std::vector<std::string>{"report-uri", "bare"});

    r = valid("max-age=1; token=abc.DEF-1_2~");
    CHECK(r.policy.ignored_directives == std::vector<std::string>{"token"});
}

TEST_CASE("HSTS: max-age required and delta-seconds only") {
    CHECK(error_code("") == "max-age-missing");
    CHECK(error_code(";;") == "max-age-missing");
    CHECK(error_code("includeSubDomains") == "max-age-missing");
    CHECK(error_code("max-age") == "max-age-without-value");
    CHECK(error_code("max-age=") == "empty-value");
    CHECK(error_code("max-age=;includeSubDomains") == "empty-value");
    CHECK(error_code("max-age=-1") == "max-age-not-a-number");
    CHECK(error_code("max-age=+1") == "max-age-not-a-number");
    CHECK(error_code("max-age=1.5") == "max-age-not-a-number");
    CHECK(error_code("max-age=1e6") == "max-age-not-a-number");
    CHECK(error_code("max-age=0x10") == "max-age-not-a-number");
    CHECK(error_code("max-age=\"-1\"") == "max-age-not-a-number");
    CHECK(error_code("maxage=31536000") == "max-age-missing");
}

TEST_CASE("HSTS: huge max-age saturates") {
    auto r = valid("max-age=18446744073709551615");  // UINT64_MAX exactly
    CHECK(r.policy.max_age == std::numeric_limits<uint64_t>::max());
    CHECK_FALSE(r.policy.max_age_saturated);
    r = valid("max-age=18446744073709551616");
    CHECK(r.policy.max_age == std::numeric_limits<uint64_t>::max());
    CHECK(r.policy.max_age_saturated);
    r = valid("max-age=" + std::string(500, '9'));
    CHECK(r.policy.max_age == std::numeric_limits<uint64_t>::max());
    CHECK(r.policy.max_age_saturated);
}

TEST_CASE("HSTS: duplicate directives invalidate the header (§6.1 item 2)") {
    CHECK(error_code("max-age=1; max-age=2") == "duplicate-directive");
    CHECK(error_code("max-age=1; MAX-AGE=1") == "duplicate-directive");
    CHECK(error_code("max-age=1; includeSubDomains; includesubdomains") == "duplicate-directive");
    CHECK(error_code("max-age=1; preload; preload") == "duplicate-directive");
    CHECK(error_code("max-age=1; foo; Foo=2") == "duplicate-directive");
}

TEST_CASE("HSTS: valueless directives with a value") {
    CHECK(error_code("max-age=1; includeSubDomains=yes") == "directive-takes-no-value");
    CHECK(error_code("max-age=1; includeSubDomains=\"\"") == "directive-takes-no-value");
    CHECK(error_code("max-age=1; preload=1") == "directive-takes-no-value");
}

TEST_CASE("HSTS: syntax errors") {
    CHECK(error_code("max-age=1, includeSubDomains") == "syntax");       // ',' is not a separator here
    CHECK(error_code("max-age=31536000, max-age=31536000") == "syntax");  // two fields merged by a proxy
    CHECK(error_code("max-age=1 includeSubDomains") == "syntax");        // missing ';'
    CHECK(error_code("=1; max-age=1") == "syntax");
    CHECK(error_code("max-age=1; \"quoted\"") == "syntax");
    CHECK(error_code("max-age:1") == "syntax");
    CHECK(error_code("max-age=1; incl\xc3\xa9") == "syntax");
    CHECK(error_code(std::string("max-age=1\0", 10)) == "syntax");
    CHECK(error_code("max-age=1;\r\n includeSubDomains") == "syntax");
}

TEST_CASE("HSTS: error messages quote the offending text safely and briefly") {
    const auto r = parse_hsts_header("max-age=1 " + std::string(200, 'x') + "\x01");
    REQUIRE_FALSE(r.valid);
    CHECK(r.error.code == "syntax");
    CHECK(r.error.message.size() < 120);
    CHECK(r.error.message.find("...") != std::string::npos);
}
