#include <doctest/doctest.h>

#include <string>

#include "cli/target_parser.hpp"

using osescan::cli::parse_target;
using osescan::cli::ParsedTarget;

namespace {
// The parsed target, failing the test with the parser's reason if it was rejected.
osescan::facts::Target accepted(const std::string& input) {
    const ParsedTarget parsed = parse_target(input);
    INFO("input: ", input, " error: ", parsed.error);
    REQUIRE(parsed.ok());
    return parsed.target;
}

// The rejection reason, failing the test if the input was accepted.
std::string rejected(const std::string& input) {
    const ParsedTarget parsed = parse_target(input);
    INFO("input: ", input, " host: ", parsed.target.host);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error;
}
}  // namespace

TEST_CASE("domain names are case-folded and lose a trailing dot") {
    const auto t = accepted("Example.COM.");
    CHECK(t.host == "example.com");
    CHECK(t.input == "Example.COM.");
    CHECK(t.port == 443);
    CHECK(t.path == "/");
    CHECK_FALSE(t.is_ip);
    CHECK(accepted("www.example.nl").host == "www.example.nl");
    CHECK(accepted("3com.example").host == "3com.example");  // RFC 1123: leading digit ok
    CHECK(accepted("a-b.example").host == "a-b.example");
    CHECK(accepted("localhost").host == "localhost");       // one label is a valid name
}

TEST_CASE("IDNs become A-labels (IDNA2008, UTS #46 non-transitional)") {
    CHECK(accepted("bücher.example").host == "xn--bcher-kva.example");
    CHECK(accepted("BÜCHER.example").host == "xn--bcher-kva.example");
    CHECK(accepted("bücher.example").input == "bücher.example");
    // Non-transitional: ß is kept (transitional processing would map it to "ss").
    CHECK(accepted("faß.de").host == "xn--fa-hia.de");
    // U+3002 IDEOGRAPHIC FULL STOP is a label separator; a trailing one is the root.
    CHECK(accepted("bücher\xE3\x80\x82" "example\xE3\x80\x82").host == "xn--bcher-kva.example");
    // A-labels typed directly are checked and kept.
    CHECK(accepted("XN--BCHER-KVA.example").host == "xn--bcher-kva.example");
    CHECK(rejected("xn--zz.example").find("not a valid A-label") != std::string::npos);
    CHECK(rejected("b\xFF\xFE" "cher.example").find("internationalised") != std::string::npos);
}

TEST_CASE("host name syntax: RFC 1035 lengths, RFC 1123 characters") {
    const std::string label63(63, 'a');
    CHECK(accepted(label63 + ".example").host == label63 + ".example");
    CHECK(rejected(std::string(64, 'a') + ".example").find("longer than 63") != std::string::npos);
    // 253 characters is the longest name; 254 is one too many.
    const std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
    REQUIRE(name253.size() == 253);
    CHECK(accepted(name253).host == name253);
    CHECK(rejected(name253 + "b").find("longer than 253") != std::string::npos);
    CHECK(rejected("a..example").find("empty label") != std::string::npos);
    CHECK(rejected(".example").find("empty label") != std::string::npos);
    CHECK(rejected("example..").find("empty label") != std::string::npos);
    CHECK(rejected(".") == "empty host name");
    CHECK(rejected("-a.example").find("hyphen") != std::string::npos);
    CHECK(rejected("a-.example").find("hyphen") != std::string::npos);
    CHECK(rejected("a_b.example").find("character not allowed") != std::string::npos);
    CHECK(rejected("ex ample.com").find("character not allowed") != std::string::npos);
    CHECK(rejected("exa\x1bmple.com").find("character not allowed") != std::string::npos);
}

TEST_CASE("IP literals") {
    auto v4 = accepted("198.51.100.7");
    CHECK(v4.host == "198.51.100.7");
    CHECK(v4.is_ip);
    auto v6 = accepted("2001:DB8:0:0::1");
    CHECK(v6.host == "2001:db8::1");  // RFC 5952 canonical form
    CHECK(v6.is_ip);
    CHECK(accepted("[2001:db8::1]").host == "2001:db8::1");
    CHECK(accepted("::1").host == "::1");
    CHECK(rejected("2001:db8::1::2") == "not a valid IPv6 address");
    CHECK(rejected("fe80::1%eth0") == "not a valid IPv6 address");
    // Dotted numbers that are not IPv4 addresses are typos, not names (RFC 1123 §2.1).
    CHECK(rejected("256.1.1.1").find("not a valid IPv4 address") != std::string::npos);
    CHECK(rejected("1.2.3").find("not a valid IPv4 address") != std::string::npos);
    CHECK(rejected("01.2.3.4").find("not a valid IPv4 address") != std::string::npos);
    CHECK(rejected("[example.com]") == "brackets are only for IPv6 addresses");
}

TEST_CASE("https URLs give host, port and path") {
    auto t = accepted("https://Shop.Example.nl:8443/app/login?next=1#top");
    CHECK(t.host == "shop.example.nl");
    CHECK(t.port == 8443);
    CHECK(t.path == "/app/login?next=1");
    CHECK(t.input == "https://Shop.Example.nl:8443/app/login?next=1#top");
    CHECK_FALSE(t.is_ip);

    auto plain = accepted("HTTPS://example.com");
    CHECK(plain.host == "example.com");
    CHECK(plain.port == 443);
    CHECK(plain.path == "/");
    CHECK(accepted("https://example.com?q=1").path == "/?q=1");
    CHECK(accepted("https://example.com:/x").port == 443);  // RFC 3986: empty port = default
    CHECK(accepted("https://bücher.example/straße").host == "xn--bcher-kva.example");
    CHECK(accepted("https://bücher.example/straße").path == "/stra%C3%9Fe");

    auto v6 = accepted("https://[2001:db8::10]:8443/");
    CHECK(v6.host == "2001:db8::10");
    CHECK(v6.is_ip);
    CHECK(v6.port == 8443);
    auto v4 = accepted("https://198.51.100.7/status");
    CHECK(v4.host == "198.51.100.7");
    CHECK(v4.is_ip);
    CHECK(v4.path == "/status");
}

TEST_CASE("http URLs are scanned on the HTTPS port") {
    auto t = accepted("http://example.com/path");
    CHECK(t.host == "example.com");
    CHECK(t.port == 443);
    CHECK(t.path == "/path");
    CHECK(accepted("http://example.com:80/").port == 443);
    CHECK(rejected("http://example.com:8080/").find("scanned on the HTTPS port 443") != std::string::npos);
}

TEST_CASE("malformed URLs and garbage are rejected with a reason") {
    CHECK(rejected("") == "empty target");
    CHECK(rejected(std::string(3000, 'a')).find("longer than 2048") != std::string::npos);
    CHECK(rejected("ftp://example.com/").find("unsupported URL scheme 'ftp'") != std::string::npos);
    CHECK(rejected("https://").find("no host") != std::string::npos);
    CHECK(rejected("https:///path").find("no host") != std::string::npos);
    CHECK(rejected("https://user@example.com/").find("user information") != std::string::npos);
    CHECK(rejected("https://example.com:0/").find("invalid port '0'") != std::string::npos);
    CHECK(rejected("https://example.com:65536/").find("invalid port") != std::string::npos);
    CHECK(rejected("https://example.com:44a/").find("invalid port") != std::string::npos);
    CHECK(rejected("https://2001:db8::1/").find("must be in brackets") != std::string::npos);
    CHECK(rejected("https://[2001:db8::1/").find("unterminated") != std::string::npos);
    CHECK(rejected("https://[2001:db8::1]x/").find("after ']'") != std::string::npos);
    CHECK(rejected("https://[example.com]/").find("only for IPv6") != std::string::npos);
    CHECK(rejected("https://example.com/a b").find("space or a control character") != std::string::npos);
    CHECK(rejected("example.com/path").find("give a URL") != std::string::npos);
    CHECK(rejected("example.com:8443").find("give a URL") != std::string::npos);
    CHECK(rejected("not a domain!").find("character not allowed") != std::string::npos);
    CHECK(rejected("@@@").find("character not allowed") != std::string::npos);
}
