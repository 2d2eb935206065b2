// Which AAAA records count as public IPv6 addresses (checks/ipv6/address_scope.hpp).
#include <doctest/doctest.h>

#include "checks/ipv6/address_scope.hpp"

using osescan::checks::ipv6::classify_ipv6;

TEST_CASE("ipv6 address scope: global unicast addresses are public") {
    for (const char* address : {"2a00:1450:4001:80b::200e", "2606:4700::6810:84e5", "2001:4860:4860::8888",
                                "2001:20::1", "3ffe::1", "2c0f:fb50::1"}) {
        INFO(address);
        const auto scope = classify_ipv6(address, false);
        CHECK(scope.is_public);
        CHECK(scope.reason.empty());
    }
}

TEST_CASE("ipv6 address scope: special-purpose addresses are not, each with its reason") {
    struct Case {
        const char* address;
        const char* reason;
    };
    const Case cases[] = {
        {"::", "the unspecified address (::)"},
        {"::1", "the loopback address (::1)"},
        {"::ffff:198.51.100.1", "an IPv4-mapped address (::ffff:0:0/96)"},
        {"::198.51.100.1", "an IPv4-compatible address (::/96, deprecated)"},
        {"64:ff9b::c633:6401", "a NAT64 translation address (64:ff9b::/96)"},
        {"64:ff9b:1::1", "a local NAT64 translation address (64:ff9b:1::/48)"},
        {"100::1", "a discard-only address (100::/64)"},
        {"2001:0:4136:e378:8000:63bf:3fff:fdd2", "a Teredo tunnel address (2001::/32): a client behind NAT, not a server"},
        {"2001:2::1", "a benchmarking address (2001:2::/48)"},
        {"2001:db8::1", "a documentation address (2001:db8::/32)"},
        {"3fff:0fff::1", "a documentation address (3fff::/20)"},
        {"2002:c633:6401::1", "a 6to4 tunnel address (2002::/16), relay-dependent and deprecated"},
        {"5f00::1", "an SRv6 segment identifier (5f00::/16)"},
        {"fd12:3456::1", "a unique-local address (fc00::/7), private"},
        {"fc00::1", "a unique-local address (fc00::/7), private"},
        {"fe80::1", "a link-local address (fe80::/10)"},
        {"febf::1", "a link-local address (fe80::/10)"},
        {"fec0::1", "a site-local address (fec0::/10, deprecated)"},
        {"ff02::1", "a multicast address (ff00::/8)"},
        {"4000::1", "outside the global unicast range 2000::/3"},
        {"1::1", "outside the global unicast range 2000::/3"},
    };
    for (const Case& c : cases) {
        INFO(c.address);
        const auto scope = classify_ipv6(c.address, false);
        CHECK_FALSE(scope.is_public);
        CHECK(scope.reason == c.reason);
    }
}

TEST_CASE("ipv6 address scope: documentation prefixes are public only when the setting allows them") {
    CHECK(classify_ipv6("2001:db8:100::10", true).is_public);
    CHECK(classify_ipv6("3fff::1", true).is_public);
    CHECK_FALSE(classify_ipv6("2001:db8:100::10", false).is_public);
    // The setting does not make other special addresses public.
    CHECK_FALSE(classify_ipv6("fe80::1", true).is_public);
    CHECK(classify_ipv6("4000::1", true).reason == "outside the global unicast range 2000::/3");
}

TEST_CASE("ipv6 address scope: anything that is not an IPv6 literal is rejected") {
    for (const char* text : {"", "198.51.100.1", "2001:db8::1%eth0", "[2001:db8::1]", "2001:db8::1 ", "garbage",
                             "2001:db8:::1"}) {
        INFO(text);
        const auto scope = classify_ipv6(text, true);
        CHECK_FALSE(scope.is_public);
        CHECK(scope.reason == "not an IPv6 address");
    }
    CHECK(classify_ipv6(std::string(1000, 'a'), true).reason == "not an IPv6 address");
}
