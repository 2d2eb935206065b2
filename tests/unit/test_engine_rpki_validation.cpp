// RFC 6811 route-origin validation through the VrpTable (RTRlib's pfx_table): the cases of
// RFC 6811 §2 and RFC 6483 §4, with the covering VRPs and invalid reasons as evidence.
#include <doctest/doctest.h>

#include "engine/rpki/invalid_reason.hpp"
#include "engine/rpki/vrp_table.hpp"

using namespace osescan;
using engine::rpki::VrpEntry;
using engine::rpki::VrpTable;

namespace {

VrpEntry vrp(const std::string& prefix, int max_length, uint32_t asn) {
    auto parsed = facts::parse_ip_prefix(prefix);
    REQUIRE(parsed);
    return VrpEntry{*parsed, max_length, asn};
}

facts::RouteValidity check(const VrpTable& table, const std::string& prefix, uint32_t asn) {
    const auto result = table.validate(facts::RouteRequest{prefix, asn});
    REQUIRE(result.ok());
    return result.value();
}

}  // namespace

TEST_CASE("rpki validation: no VRP covers the route -> not-found") {
    VrpTable table;
    table.add(vrp("198.51.100.0/24", 24, 64500));
    const auto r = check(table, "203.0.113.0/24", 64500);
    CHECK(r.state == "not-found");
    CHECK(r.covering.empty());
    CHECK(r.reason == "");
    // A VRP for a more specific prefix does not cover a shorter route.
    CHECK(check(table, "198.51.0.0/16", 64500).state == "not-found");
}

TEST_CASE("rpki validation: exact match -> valid, other AS -> invalid as-mismatch") {
    VrpTable table;
    table.add(vrp("198.51.100.0/24", 24, 64500));
    const auto valid = check(table, "198.51.100.0/24", 64500);
    CHECK(valid.state == "valid");
    CHECK(valid.reason == "");
    REQUIRE(valid.covering.size() == 1);
    CHECK(valid.covering[0] == facts::Vrp{"198.51.100.0/24", 24, 64500});

    const auto invalid = check(table, "198.51.100.0/24", 64501);
    CHECK(invalid.state == "invalid");
    CHECK(invalid.reason == "as-mismatch");
    CHECK(invalid.covering == std::vector<facts::Vrp>{{"198.51.100.0/24", 24, 64500}});
}

TEST_CASE("rpki validation: a shorter covering VRP with a large enough maxLength validates") {
    VrpTable table;
    table.add(vrp("198.51.0.0/16", 24, 64500));
    CHECK(check(table, "198.51.100.0/24", 64500).state == "valid");
    CHECK(check(table, "198.51.100.0/22", 64500).state == "valid");
    const auto other_as = check(table, "198.51.100.0/24", 64999);
    CHECK(other_as.state == "invalid");
    CHECK(other_as.reason == "as-mismatch");
}

TEST_CASE("rpki validation: maxLength edge: equal is valid, one more is invalid too-specific") {
    VrpTable table;
    table.add(vrp("198.51.100.0/22", 23, 64500));
    CHECK(check(table, "198.51.100.0/23", 64500).state == "valid");
    const auto too_long = check(table, "198.51.100.0/24", 64500);
    CHECK(too_long.state == "invalid");
    CHECK(too_long.reason == "too-specific");
    CHECK(too_long.covering == std::vector<facts::Vrp>{{"198.51.100.0/22", 23, 64500}});
    // Without a maxLength the ROA allows exactly its own length (the VRP has max = length).
    VrpTable exact;
    exact.add(vrp("203.0.113.0/24", 24, 64500));
    CHECK(check(exact, "203.0.113.0/25", 64500).reason == "too-specific");
}

TEST_CASE("rpki validation: several covering VRPs, one matches -> valid, all listed") {
    VrpTable table;
    table.add(vrp("198.51.0.0/16", 16, 64501));     // covers, wrong AS
    table.add(vrp("198.51.100.0/22", 22, 64500));   // covers, right AS, too short maxLength
    table.add(vrp("198.51.100.0/24", 24, 64500));   // matches
    table.add(vrp("198.51.100.0/24", 24, 64502));   // covers, other AS
    table.add(vrp("203.0.113.0/24", 24, 64500));    // does not cover
    const auto r = check(table, "198.51.100.0/24", 64500);
    CHECK(r.state == "valid");
    CHECK(r.reason == "");
    const std::vector<facts::Vrp> expected{{"198.51.0.0/16", 16, 64501},
                                           {"198.51.100.0/22", 22, 64500},
                                           {"198.51.100.0/24", 24, 64500},
                                           {"198.51.100.0/24", 24, 64502}};
    CHECK(r.covering == expected);
    // The same route from AS64503: covered, nothing matches, no VRP names its AS.
    const auto mismatch = check(table, "198.51.100.0/24", 64503);
    CHECK(mismatch.state == "invalid");
    CHECK(mismatch.reason == "as-mismatch");
    CHECK(mismatch.covering == expected);
    // AS64501 is named by the /16 whose maxLength is 16: too specific.
    CHECK(check(table, "198.51.100.0/24", 64501).reason == "too-specific");
}

TEST_CASE("rpki validation: AS0 ROAs never validate (RFC 6483 §4)") {
    VrpTable table;
    table.add(vrp("198.51.100.0/24", 32, 0));
    const auto r = check(table, "198.51.100.0/24", 64500);
    CHECK(r.state == "invalid");
    CHECK(r.reason == "as0");
    CHECK(r.covering == std::vector<facts::Vrp>{{"198.51.100.0/24", 32, 0}});
    // A route originated by AS0 is not validated by an AS0 ROA either.
    const auto as0_origin = check(table, "198.51.100.0/24", 0);
    CHECK(as0_origin.state == "invalid");
    CHECK(as0_origin.reason == "as0");
    // An AS0 ROA next to a real one: the real one validates.
    table.add(vrp("198.51.100.0/24", 24, 64500));
    CHECK(check(table, "198.51.100.0/24", 64500).state == "valid");
    CHECK(check(table, "198.51.100.0/24", 64501).reason == "as-mismatch");
}

TEST_CASE("rpki validation: IPv6") {
    VrpTable table;
    table.add(vrp("2001:db8::/32", 48, 64500));
    CHECK(check(table, "2001:db8:1234::/48", 64500).state == "valid");
    const auto too_long = check(table, "2001:db8:1234:5600::/56", 64500);
    CHECK(too_long.state == "invalid");
    CHECK(too_long.reason == "too-specific");
    CHECK(too_long.covering == std::vector<facts::Vrp>{{"2001:db8::/32", 48, 64500}});
    CHECK(check(table, "2001:db8::/32", 64501).reason == "as-mismatch");
    CHECK(check(table, "2001:db9::/32", 64500).state == "not-found");
    // IPv4 VRPs never cover IPv6 routes and vice versa.
    table.add(vrp("0.0.0.0/0", 32, 64500));
    CHECK(check(table, "2001:db9::/32", 64500).state == "not-found");
    CHECK(check(table, "203.0.113.0/24", 64500).state == "valid");
}

TEST_CASE("rpki validation: duplicates are one VRP; bad requests are ProbeErrors") {
    VrpTable table;
    CHECK(table.add(vrp("198.51.100.0/24", 24, 64500)));
    CHECK_FALSE(table.add(vrp("198.51.100.0/24", 24, 64500)));
    CHECK(table.add(vrp("198.51.100.0/24", 25, 64500)));
    CHECK(table.size() == 2);
    for (const std::string bad : {"198.51.100.1/24", "198.51.100.0", "nonsense", "198.51.100.0/33", ""}) {
        const auto r = table.validate(facts::RouteRequest{bad, 64500});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == facts::probe_error::internal);
    }
}

TEST_CASE("rpki invalid_reason: computed from the covering VRPs") {
    using engine::rpki::invalid_reason;
    CHECK(invalid_reason(64500, {{"198.51.100.0/24", 24, 64500}}) == "too-specific");
    CHECK(invalid_reason(64500, {{"198.51.100.0/24", 24, 64501}}) == "as-mismatch");
    CHECK(invalid_reason(64500, {{"198.51.100.0/24", 24, 0}}) == "as0");
    CHECK(invalid_reason(64500, {{"198.51.100.0/24", 24, 0}, {"198.51.100.0/24", 24, 64501}}) == "as-mismatch");
    CHECK(invalid_reason(64500, {{"198.51.100.0/24", 24, 0}, {"198.51.0.0/16", 16, 64500}}) == "too-specific");
    CHECK(invalid_reason(0, {{"198.51.100.0/24", 24, 0}}) == "as0");
}

TEST_CASE("rpki validation: /0 VRPs (kept out of RTRlib, which aborts below a /0 node)") {
    VrpTable table;
    CHECK(table.add(vrp("0.0.0.0/0", 16, 64500)));
    CHECK_FALSE(table.add(vrp("0.0.0.0/0", 16, 64500)));
    table.add(vrp("10.0.0.0/8", 8, 64501));
    CHECK(table.size() == 2);
    CHECK(check(table, "10.0.0.0/8", 64500).state == "valid");        // by the /0
    const auto r = check(table, "10.0.0.0/8", 64501);                  // by the /8
    CHECK(r.state == "valid");
    CHECK(r.covering.size() == 2);
    const auto too_long = check(table, "10.1.2.0/24", 64500);
    CHECK(too_long.state == "invalid");
    CHECK(too_long.reason == "too-specific");
    const auto other = check(table, "198.51.100.0/24", 64999);
    CHECK(other.state == "invalid");
    CHECK(other.reason == "as-mismatch");
    CHECK(other.covering == std::vector<facts::Vrp>{{"0.0.0.0/0", 16, 64500}});
    CHECK(check(table, "2001:db8::/32", 64500).state == "not-found");  // other family
    CHECK(check(table, "0.0.0.0/0", 64500).state == "valid");
}
