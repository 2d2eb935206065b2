// nts://host[:port] targets and --ntp-server values.

#include <doctest/doctest.h>

#include "cli/target_parser.hpp"

using osescan::cli::parse_target;
using osescan::cli::parse_time_server;

TEST_CASE("targets: nts://host[:port] names a time server, NTS-KE port 4460 by default") {
    auto t = parse_target("nts://Time.Example");
    REQUIRE(t.ok());
    CHECK(osescan::facts::is_time_server(t.target));
    CHECK(t.target.host == "time.example");
    CHECK(t.target.port == 4460);
    t = parse_target("nts://[2001:db8::1]:1234");
    REQUIRE(t.ok());
    CHECK(t.target.is_ip);
    CHECK(t.target.port == 1234);
    CHECK(osescan::facts::is_time_server(t.target));
    CHECK_FALSE(parse_target("nts://time.example/path").ok());
    CHECK_FALSE(parse_target("nts://time.example:0").ok());
    CHECK_FALSE(osescan::facts::is_time_server(parse_target("https://time.example/").target));
}

TEST_CASE("--ntp-server: a host, an address or an nts:// URL") {
    auto s = parse_time_server("ntp.example");
    REQUIRE(s.ok());
    CHECK(s.target.port == 4460);
    CHECK(osescan::facts::is_time_server(s.target));
    s = parse_time_server("[2001:db8::7]");
    REQUIRE(s.ok());
    CHECK(s.target.host == "2001:db8::7");
    CHECK(parse_time_server("nts://ntp.example:4461").target.port == 4461);
    CHECK_FALSE(parse_time_server("https://ntp.example/").ok());
    CHECK_FALSE(parse_time_server("ntp example").ok());
    CHECK_FALSE(parse_time_server("ntp.example/x").ok());
}
