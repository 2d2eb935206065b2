// Query building and --resolver address parsing.

#include <doctest/doctest.h>

#include <arpa/inet.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/dns/dns_query.hpp"
#include "engine/dns/resolver_address.hpp"

using namespace osescan::engine::dns;

namespace {
std::vector<uint8_t> wire_of(std::string_view name) {
    std::string error;
    auto wire = name_to_wire(name, error);
    if (!wire) FAIL("name_to_wire(" << std::string(name) << ") failed: " << error);
    return *wire;
}

std::string wire_error(std::string_view name) {
    std::string error;
    CHECK_FALSE(name_to_wire(name, error).has_value());
    return error;
}

std::string resolver_error(std::string_view text) {
    std::string error;
    CHECK_FALSE(parse_resolver_address(text, error).has_value());
    return error;
}

ResolverAddress resolver(std::string_view text) {
    std::string error;
    auto address = parse_resolver_address(text, error);
    if (!address) FAIL("parse_resolver_address(" << std::string(text) << ") failed: " << error);
    return *address;
}
}  // namespace

TEST_CASE("dns_query: names to wire form") {
    CHECK(wire_of("") == std::vector<uint8_t>{0});
    CHECK(wire_of(".") == std::vector<uint8_t>{0});
    CHECK(wire_of("a.bc") == std::vector<uint8_t>{1, 'a', 2, 'b', 'c', 0});
    CHECK(wire_of("a.bc.") == std::vector<uint8_t>{1, 'a', 2, 'b', 'c', 0});
    CHECK(wire_of("a\\.b") == std::vector<uint8_t>{3, 'a', '.', 'b', 0});
    CHECK(wire_of("\\255\\032x") == std::vector<uint8_t>{3, 255, 32, 'x', 0});
    CHECK(wire_of(std::string(63, 'a')).size() == 65);
    CHECK(wire_error("a..b") == "empty label in name");
    CHECK(wire_error(".a") == "empty label in name");
    CHECK(wire_error(std::string(64, 'a')) == "label longer than 63 octets");
    CHECK(wire_error("a\\") == "name ends with a backslash");
    CHECK(wire_error("a\\25") == "incomplete \\DDD escape");
    CHECK(wire_error("a\\256") == "\\DDD escape above 255");
    std::string long_name;
    for (int i = 0; i < 4; ++i) long_name += std::string(63, 'x') + ".";
    CHECK(wire_error(long_name) == "name longer than 255 octets");
}

TEST_CASE("dns_query: query message with RD and EDNS(0)") {
    std::string error;
    DnsQuery query;
    query.name = "example.com";
    query.type = 257;
    query.id = 0xBEEF;
    auto wire = build_query(query, error);
    REQUIRE(wire.has_value());
    const std::vector<uint8_t> expected = {
        0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1,              // header: RD, QD=1, AR=1
        7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,  // QNAME
        0x01, 0x01, 0, 1,                                            // CAA IN
        0, 0, 41, 0x10, 0x00, 0, 0, 0, 0, 0, 0};                     // OPT, 4096 bytes
    CHECK(*wire == expected);

    query.recursion_desired = false;
    query.edns_udp_size = 0;
    wire = build_query(query, error);
    REQUIRE(wire.has_value());
    CHECK(wire->size() == 12 + 13 + 4);
    CHECK((*wire)[2] == 0x00);
    CHECK((*wire)[11] == 0);  // no additional record

    query.name = "bad..name";
    CHECK_FALSE(build_query(query, error).has_value());
    CHECK(error == "empty label in name");
}

TEST_CASE("resolver_address: accepted forms") {
    ResolverAddress v4 = resolver("192.0.2.53");
    CHECK(v4.family == AF_INET);
    CHECK(v4.ip == "192.0.2.53");
    CHECK(v4.port == 53);
    CHECK(v4.to_string() == "192.0.2.53:53");
    CHECK(v4.bytes[0] == 192);
    CHECK(v4.bytes[3] == 53);

    ResolverAddress v4_port = resolver("127.0.0.1:5353");
    CHECK(v4_port.ip == "127.0.0.1");
    CHECK(v4_port.port == 5353);

    ResolverAddress v6 = resolver("2001:DB8:0::1");
    CHECK(v6.family == AF_INET6);
    CHECK(v6.ip == "2001:db8::1");
    CHECK(v6.port == 53);
    CHECK(v6.to_string() == "[2001:db8::1]:53");

    ResolverAddress v6_port = resolver("[::1]:5300");
    CHECK(v6_port.family == AF_INET6);
    CHECK(v6_port.ip == "::1");
    CHECK(v6_port.port == 5300);
    CHECK(v6_port.bytes[15] == 1);

    CHECK(resolver("[::1]").port == 53);
    CHECK(resolver("1.1.1.1:65535").port == 65535);
    CHECK(resolver(resolver("[2001:db8::53]:853").to_string()).to_string() == "[2001:db8::53]:853");
}

TEST_CASE("resolver_address: rejected forms say why") {
    const std::string forms = " (expected IP, IP:port or [IPv6]:port)";
    CHECK(resolver_error("") == "invalid resolver address \"\": empty" + forms);
    CHECK(resolver_error("dns.google") == "invalid resolver address \"dns.google\": not an IP address" + forms);
    CHECK(resolver_error("1.2.3") == "invalid resolver address \"1.2.3\": not an IP address" + forms);
    CHECK(resolver_error("1.2.3.4:0") == "invalid resolver address \"1.2.3.4:0\": bad port (1..65535)" + forms);
    CHECK(resolver_error("1.2.3.4:65536") ==
          "invalid resolver address \"1.2.3.4:65536\": bad port (1..65535)" + forms);
    CHECK(resolver_error("1.2.3.4:") == "invalid resolver address \"1.2.3.4:\": bad port (1..65535)" + forms);
    CHECK(resolver_error("1.2.3.4:53x") == "invalid resolver address \"1.2.3.4:53x\": bad port (1..65535)" + forms);
    CHECK(resolver_error("host:53") ==
          "invalid resolver address \"host:53\": not an IPv4 address before ':'" + forms);
    CHECK(resolver_error("[::1") == "invalid resolver address \"[::1\": missing ']'" + forms);
    CHECK(resolver_error("[1.2.3.4]:53") ==
          "invalid resolver address \"[1.2.3.4]:53\": not an IPv6 address inside [ ]" + forms);
    CHECK(resolver_error("[::1]53") == "invalid resolver address \"[::1]53\": bad port after ']' (1..65535)" + forms);
    CHECK(resolver_error("[::1]:") == "invalid resolver address \"[::1]:\": bad port after ']' (1..65535)" + forms);
    CHECK(resolver_error("fe80::1%eth0") ==
          "invalid resolver address \"fe80::1%eth0\": IPv6 zone indices are not supported" + forms);
    CHECK(resolver_error("::1:53:") ==
          "invalid resolver address \"::1:53:\": not an IPv6 address (write [IPv6]:port to give a port)" + forms);
    CHECK(resolver_error(" 1.2.3.4") == "invalid resolver address \" 1.2.3.4\": not an IP address" + forms);
}
