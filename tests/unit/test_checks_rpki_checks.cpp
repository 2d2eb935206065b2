// Every outcome of the rpki checks, judged from recorded facts (FactStore + TargetFacts
// in replay mode), plus the rounds a live scan needs (facts asked in batches).
#include <doctest/doctest.h>

#include "checks/registry.hpp"
#include "checks/rpki/settings.hpp"

using namespace osescan;
using checks::Status;

namespace {

facts::DnsRecord record(const std::string& name, const std::string& type, const std::string& data) {
    facts::DnsRecord r{name, type, 300, data, {}};
    if (type == "TXT") r.txt = {data};
    return r;
}

class World {
public:
    explicit World(std::string host = "www.example.com") {
        target.input = host;
        target.host = std::move(host);
    }

    void dns(const std::string& name, const std::string& type, std::vector<std::string> data,
             std::string rcode = "NOERROR") {
        facts::DnsAnswer answer;
        answer.rcode = std::move(rcode);
        for (const std::string& d : data) answer.answer.push_back(record(name, type, d));
        store.put({facts::DnsRequest{name, type, facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(answer), 1});
    }
    void dns_error(const std::string& name, const std::string& type, const std::string& kind) {
        store.put({facts::DnsRequest{name, type, facts::DnsVia::stub, {}},
                   facts::Observed<facts::DnsAnswer>(facts::ProbeError{kind, "no answer"}), 1});
    }
    void origin(const std::string& reversed_v4_or_v6_name, std::vector<std::string> txt) {
        dns(reversed_v4_or_v6_name, "TXT", std::move(txt));
    }
    void route(const std::string& prefix, uint32_t asn, std::string state, std::vector<facts::Vrp> covering,
               std::string reason = "") {
        facts::RouteValidity v{std::move(state), std::move(covering), std::move(reason)};
        store.put({facts::RouteRequest{prefix, asn}, facts::Observed<facts::RouteValidity>(v), 0});
    }
    void route_error(const std::string& prefix, uint32_t asn, const std::string& kind, const std::string& detail) {
        store.put({facts::RouteRequest{prefix, asn},
                   facts::Observed<facts::RouteValidity>(facts::ProbeError{kind, detail}), 0});
    }

    std::vector<checks::Finding> run(const std::string& id) const {
        const checks::Check* check = checks::find_check(id);
        REQUIRE(check);
        const facts::TargetFacts view(target, context, store, facts::FactsMode::replay);
        return check->run(view);
    }
    checks::Finding one(const std::string& id) const {
        auto findings = run(id);
        REQUIRE(findings.size() == 1);
        return findings[0];
    }

    facts::Target target;
    facts::ScanContext context;
    facts::FactStore store;
};

const std::string k_v4_origin = "10.100.51.198.origin.asn.cymru.com";

// www.example.com has 198.51.100.10, announced as 198.51.100.0/24 by AS64500.
World web_world() {
    World w;
    w.dns("www.example.com", "A", {"198.51.100.10"});
    w.dns("www.example.com", "AAAA", {});
    w.origin(k_v4_origin, {"64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"});
    return w;
}

const facts::Vrp k_roa{"198.51.100.0/24", 24, 64500};

}  // namespace

TEST_CASE("rpki checks are registered with their catalogue entries") {
    for (const char* id : {"rpki.web.roa_exists", "rpki.web.valid", "rpki.ns.roa_exists", "rpki.ns.valid",
                           "rpki.mx.roa_exists", "rpki.mx.valid"}) {
        const checks::Check* c = checks::find_check(id);
        REQUIRE_MESSAGE(c, id);
        CHECK(c->info.family == checks::Family::rpki);
        CHECK(c->info.scored);
        CHECK_FALSE(c->info.why.empty());
        CHECK_FALSE(c->info.fix.empty());
        CHECK(c->info.refs.size() >= 4);
        CHECK(c->info.facts == std::vector<std::string_view>{"dns", "route"});
    }
    CHECK_FALSE(checks::find_check("rpki.web.valid")->info.needs_name);
    CHECK(checks::find_check("rpki.ns.valid")->info.needs_name);
    CHECK(checks::find_check("rpki.mx.valid")->info.needs_name);
    CHECK(checks::select_checks({"rpki"}, {}).checks.size() == 6);
}

TEST_CASE("rpki.web.valid: valid route -> pass, with the evidence") {
    World w = web_world();
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    const auto f = w.one("rpki.web.valid");
    CHECK(f.check_id == "rpki.web.valid");
    CHECK(f.subject == "198.51.100.10");
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "valid");
    CHECK(f.summary == "web server 198.51.100.10: 198.51.100.0/24 from AS64500 is RPKI-valid");
    CHECK(f.evidence["address"] == "198.51.100.10");
    CHECK(f.evidence["names"] == nlohmann::json::array({"www.example.com"}));
    CHECK(f.evidence["origin"]["source"] == "cymru-dns");
    CHECK(f.evidence["origin"]["query"] == k_v4_origin);
    CHECK(f.evidence["origin"]["records"] == nlohmann::json::parse(R"([{"prefix":"198.51.100.0/24","asns":[64500],
        "country":"ZZ","registry":"world","allocated":"2026-01-01"}])"));
    CHECK(f.evidence["routes"] == nlohmann::json::parse(R"([{"prefix":"198.51.100.0/24","origin_asn":64500,
        "state":"valid","reason":"","covering":[{"prefix":"198.51.100.0/24","max_length":24,"asn":64500}]}])"));
    CHECK_FALSE(f.evidence.contains("vrp_source"));
}

TEST_CASE("rpki.web.valid: not-found -> warn") {
    World w = web_world();
    w.route("198.51.100.0/24", 64500, "not-found", {});
    const auto f = w.one("rpki.web.valid");
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "not-found");
    CHECK(f.summary == "web server 198.51.100.10: no ROA covers 198.51.100.0/24 from AS64500 (RPKI not-found): "
                       "ask your hosting provider / network to publish one");
}

TEST_CASE("rpki.web.valid: invalid -> fail naming the reason") {
    SUBCASE("AS mismatch") {
        World w = web_world();
        w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 24, 64501}, {"198.51.0.0/16", 24, 64502}},
                "as-mismatch");
        const auto f = w.one("rpki.web.valid");
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "invalid-as-mismatch");
        CHECK(f.summary == "web server 198.51.100.10: 198.51.100.0/24 from AS64500 is RPKI-invalid: no ROA authorises "
                           "AS64500 to originate it (the ROAs name AS64501, AS64502); networks that validate drop "
                           "this route, or will");
        CHECK(f.evidence["routes"][0]["reason"] == "as-mismatch");
    }
    SUBCASE("longer than maxLength") {
        World w = web_world();
        w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/22", 23, 64500}}, "too-specific");
        const auto f = w.one("rpki.web.valid");
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "invalid-too-specific");
        CHECK(f.summary == "web server 198.51.100.10: 198.51.100.0/24 from AS64500 is RPKI-invalid: AS64500 is "
                           "authorised only up to /23 (the ROA's maxLength) and this route is longer; networks that "
                           "validate drop this route, or will");
    }
    SUBCASE("AS0 only") {
        World w = web_world();
        w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 32, 0}}, "as0");
        const auto f = w.one("rpki.web.valid");
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "invalid-as0");
        CHECK(f.summary.find("only AS0 ROAs cover it") != std::string::npos);
    }
}

TEST_CASE("rpki.web.valid: MOAS and several prefixes: every route judged, the worst wins") {
    World w;
    w.dns("www.example.com", "A", {"198.51.100.10"});
    w.dns("www.example.com", "AAAA", {});
    w.origin(k_v4_origin, {"64500 64501 | 198.51.100.0/24 | ZZ | world | 2026-01-01",
                           "64502 | 198.51.0.0/16 | ZZ | world | 2020-01-01"});
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    w.route("198.51.100.0/24", 64501, "invalid", {k_roa}, "as-mismatch");
    w.route("198.51.0.0/16", 64502, "not-found", {});
    const auto f = w.one("rpki.web.valid");
    CHECK(f.status == Status::fail);
    CHECK(f.outcome == "invalid-as-mismatch");
    REQUIRE(f.evidence["routes"].size() == 3);
    CHECK(f.evidence["routes"][0]["origin_asn"] == 64500);
    CHECK(f.evidence["routes"][1]["origin_asn"] == 64501);
    CHECK(f.evidence["routes"][2]["prefix"] == "198.51.0.0/16");
    CHECK(f.evidence["origin"]["records"].size() == 2);

    // roa_exists on the same facts: the /16 has none.
    const auto roa = w.one("rpki.web.roa_exists");
    CHECK(roa.status == Status::warn);
    CHECK(roa.outcome == "roa-missing");
    CHECK(roa.summary == "web server 198.51.100.10: no ROA covers 198.51.0.0/16 from AS64502: ask your hosting "
                         "provider / network to publish one");

    // Once every route is valid: one pass summarising them all.
    w.route("198.51.100.0/24", 64501, "valid", {k_roa, {"198.51.100.0/24", 24, 64501}});
    w.route("198.51.0.0/16", 64502, "valid", {{"198.51.0.0/16", 16, 64502}});
    const auto all_valid = w.one("rpki.web.valid");
    CHECK(all_valid.status == Status::pass);
    CHECK(all_valid.summary == "web server 198.51.100.10: all 3 routes to 198.51.100.10 are RPKI-valid");
}

TEST_CASE("rpki.web.roa_exists: covered -> pass (even when invalid), uncovered -> warn") {
    World w = web_world();
    w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 24, 64501}}, "as-mismatch");
    const auto invalid_but_covered = w.one("rpki.web.roa_exists");
    CHECK(invalid_but_covered.status == Status::pass);
    CHECK(invalid_but_covered.outcome == "roa-exists");
    CHECK(invalid_but_covered.summary == "web server 198.51.100.10: a ROA covers 198.51.100.0/24 from AS64500");
    w.route("198.51.100.0/24", 64500, "not-found", {});
    const auto missing = w.one("rpki.web.roa_exists");
    CHECK(missing.status == Status::warn);
    CHECK(missing.outcome == "roa-missing");
}

TEST_CASE("rpki.web: one finding per address, IPv4 and IPv6") {
    World w;
    w.dns("www.example.com", "A", {"198.51.100.10"});
    w.dns("www.example.com", "AAAA", {"2001:db8::10"});
    w.origin(k_v4_origin, {"64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"});
    w.origin("0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com",
             {"64500 | 2001:db8::/32 | ZZ | world | 2026-01-01"});
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    w.route("2001:db8::/32", 64500, "not-found", {});
    const auto findings = w.run("rpki.web.valid");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].subject == "198.51.100.10");
    CHECK(findings[0].status == Status::pass);
    CHECK(findings[1].subject == "2001:db8::10");
    CHECK(findings[1].status == Status::warn);
    CHECK(findings[1].outcome == "not-found");
}

TEST_CASE("rpki.web: IP-literal targets are judged too") {
    World w("198.51.100.10");
    w.target.is_ip = true;
    w.origin(k_v4_origin, {"64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"});
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    const auto f = w.one("rpki.web.valid");
    CHECK(f.status == Status::pass);
    CHECK_FALSE(f.evidence.contains("names"));
}

TEST_CASE("rpki.web: origin unknown or not understood -> error, never a pass") {
    for (const char* id : {"rpki.web.valid", "rpki.web.roa_exists"}) {
        CAPTURE(id);
        SUBCASE("NXDOMAIN at the origin service") {
            World w = web_world();
            w.dns(k_v4_origin, "TXT", {}, "NXDOMAIN");
            const auto f = w.one(id);
            CHECK(f.status == Status::error);
            CHECK(f.outcome == "origin-unknown");
            CHECK(f.summary == "Could not tell: the origin service has no route for 198.51.100.10 (NXDOMAIN): the "
                               "address does not seem to be announced in BGP");
        }
        SUBCASE("no TXT record") {
            World w = web_world();
            w.dns(k_v4_origin, "TXT", {});
            const auto f = w.one(id);
            CHECK(f.status == Status::error);
            CHECK(f.outcome == "origin-unknown");
        }
        SUBCASE("only unparseable or foreign records") {
            World w = web_world();
            w.origin(k_v4_origin, {"garbage", "64500 | 203.0.113.0/24 | ZZ | world | x"});
            const auto f = w.one(id);
            CHECK(f.status == Status::error);
            CHECK(f.outcome == "origin-unparseable");
            CHECK(f.evidence["origin"]["rejected"] == nlohmann::json::parse(R"([
                {"text":"garbage","why":"expected \"ASN | prefix | ...\""},
                {"text":"64500 | 203.0.113.0/24 | ZZ | world | x","why":"prefix does not cover 198.51.100.10"}])"));
        }
        SUBCASE("the origin lookup failed") {
            World w = web_world();
            w.dns_error(k_v4_origin, "TXT", facts::probe_error::timeout);
            const auto f = w.one(id);
            CHECK(f.status == Status::error);
            CHECK(f.outcome == "probe-timeout");
            CHECK(f.evidence["origin"]["query"] == k_v4_origin);
        }
    }
}

TEST_CASE("rpki.web: a malformed record next to a good one is ignored but shown") {
    World w = web_world();
    w.origin(k_v4_origin, {"bogus | x", "64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"});
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    const auto f = w.one("rpki.web.valid");
    CHECK(f.status == Status::pass);
    CHECK(f.evidence["origin"]["rejected"].size() == 1);
}

TEST_CASE("rpki.web: no VRP source configured -> error with the dispatcher's message") {
    World w = web_world();
    w.route_error("198.51.100.0/24", 64500, facts::probe_error::not_configured,
                  "no VRP source configured: use --rpki-vrps FILE|URL or --rpki-rtr HOST:PORT");
    for (const char* id : {"rpki.web.valid", "rpki.web.roa_exists"}) {
        const auto f = w.one(id);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-not-configured");
        CHECK(f.summary == "Could not tell: RPKI route-origin validation of 198.51.100.0/24 from AS64500 failed "
                           "(not-configured): no VRP source configured: use --rpki-vrps FILE|URL or --rpki-rtr "
                           "HOST:PORT");
        CHECK(f.evidence["probe_error"] == "not-configured");
    }
}

TEST_CASE("rpki.web: replay without the route fact -> error not-recorded") {
    World w = web_world();
    const auto f = w.one("rpki.web.valid");
    CHECK(f.status == Status::error);
    CHECK(f.outcome == "probe-not-recorded");
}

TEST_CASE("rpki.web: the host's addresses unknown -> one error finding") {
    World w;
    w.dns("www.example.com", "A", {}, "NXDOMAIN");
    w.dns("www.example.com", "AAAA", {}, "NXDOMAIN");
    const auto f = w.one("rpki.web.valid");
    CHECK(f.subject == "");
    CHECK(f.status == Status::error);
    CHECK(f.outcome == "probe-dns-error");
}

TEST_CASE("rpki: unsupported ASN source -> error") {
    World w = web_world();
    w.context.settings[checks::rpki::k_asn_source_setting] = "ripestat";
    const auto f = w.one("rpki.web.valid");
    CHECK(f.status == Status::error);
    CHECK(f.outcome == "unsupported-asn-source");
    CHECK(f.summary == "Could not tell: unsupported ASN source \"ripestat\" (setting rpki.asn_source; supported: cymru-dns)");
}

TEST_CASE("rpki: a stale VRP source turns a pass into warn and is noted on every finding") {
    World w = web_world();
    w.context.settings[checks::rpki::k_vrp_source_setting] = {
        {"kind", "url"}, {"location", "https://rp.example/vrps.json"}, {"vrps", 1}, {"age_seconds", 180000},
        {"max_age_seconds", 86400}, {"stale", true}};
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    const auto valid = w.one("rpki.web.valid");
    CHECK(valid.status == Status::warn);
    CHECK(valid.outcome == "valid-stale-vrps");
    CHECK(valid.summary == "web server 198.51.100.10: 198.51.100.0/24 from AS64500 is RPKI-valid; but the VRP data "
                           "is stale (50 h old): refresh the VRP source");
    CHECK(valid.evidence["vrp_source"]["stale"] == true);
    const auto roa = w.one("rpki.web.roa_exists");
    CHECK(roa.status == Status::warn);
    CHECK(roa.outcome == "roa-exists-stale-vrps");

    w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 24, 64501}}, "as-mismatch");
    const auto invalid = w.one("rpki.web.valid");
    CHECK(invalid.status == Status::fail);
    CHECK(invalid.outcome == "invalid-as-mismatch");
    CHECK(invalid.summary.ends_with("; note: the VRP data is stale (50 h old): refresh the VRP source"));

    // A fresh source: no note, and not repeated in the evidence (the report carries it once).
    w.context.settings[checks::rpki::k_vrp_source_setting]["stale"] = false;
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    const auto fresh = w.one("rpki.web.valid");
    CHECK(fresh.status == Status::pass);
    CHECK(fresh.outcome == "valid");
    CHECK_FALSE(fresh.evidence.contains("vrp_source"));
}

namespace {

// www.example.com is in example.com, whose name servers are ns1 (v4 + v6) and ns2 (v4,
// shared with ns1's... no: its own) under example.net.
World ns_world() {
    World w;
    w.dns("www.example.com", "NS", {});  // NODATA: www is inside the zone
    w.dns("example.com", "NS", {"NS2.example.net.", "ns1.example.net."});
    w.dns("ns1.example.net", "A", {"198.51.100.53"});
    w.dns("ns1.example.net", "AAAA", {"2001:db8::53"});
    w.dns("ns2.example.net", "A", {"203.0.113.53"});
    w.dns("ns2.example.net", "AAAA", {});
    w.origin("53.100.51.198.origin.asn.cymru.com", {"64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"});
    w.origin("3.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com",
             {"64500 | 2001:db8::/32 | ZZ | world | 2026-01-01"});
    w.origin("53.113.0.203.origin.asn.cymru.com", {"64510 | 203.0.113.0/24 | ZZ | world | 2026-01-01"});
    w.route("198.51.100.0/24", 64500, "valid", {k_roa});
    w.route("2001:db8::/32", 64500, "valid", {{"2001:db8::/32", 32, 64500}});
    w.route("203.0.113.0/24", 64510, "not-found", {});
    return w;
}

}  // namespace

TEST_CASE("rpki.ns: the zone's name servers, each address judged") {
    World w = ns_world();
    const auto findings = w.run("rpki.ns.valid");
    REQUIRE(findings.size() == 3);
    CHECK(findings[0].subject == "198.51.100.53");
    CHECK(findings[0].status == Status::pass);
    CHECK(findings[0].summary == "name server 198.51.100.53: 198.51.100.0/24 from AS64500 is RPKI-valid");
    CHECK(findings[0].evidence["names"] == nlohmann::json::array({"ns1.example.net"}));
    CHECK(findings[1].subject == "2001:db8::53");
    CHECK(findings[1].status == Status::pass);
    CHECK(findings[2].subject == "203.0.113.53");
    CHECK(findings[2].status == Status::warn);
    CHECK(findings[2].outcome == "not-found");
    CHECK(findings[2].evidence["names"] == nlohmann::json::array({"ns2.example.net"}));
    for (const auto& f : findings) CHECK(f.check_id == "rpki.ns.valid");

    const auto roa = w.run("rpki.ns.roa_exists");
    REQUIRE(roa.size() == 3);
    CHECK(roa[2].outcome == "roa-missing");
}

TEST_CASE("rpki.ns: an NS name whose addresses cannot be found is its own error finding") {
    World w = ns_world();
    w.dns_error("ns2.example.net", "A", facts::probe_error::timeout);
    w.dns_error("ns2.example.net", "AAAA", facts::probe_error::timeout);
    const auto findings = w.run("rpki.ns.valid");
    REQUIRE(findings.size() == 3);
    CHECK(findings[0].subject == "ns2.example.net");
    CHECK(findings[0].status == Status::error);
    CHECK(findings[0].outcome == "probe-timeout");
    CHECK(findings[1].subject == "198.51.100.53");
    CHECK(findings[2].subject == "2001:db8::53");
}

TEST_CASE("rpki.ns: NS at the host itself; no NS anywhere; an NS lookup failing") {
    SUBCASE("the host is a zone apex") {
        World w = ns_world();
        w.dns("www.example.com", "NS", {"ns1.example.net."});
        const auto findings = w.run("rpki.ns.valid");
        REQUIRE(findings.size() == 2);  // ns1's two addresses only
        CHECK(findings[0].subject == "198.51.100.53");
    }
    SUBCASE("NXDOMAIN at the host, NS at the parent") {
        World w = ns_world();
        w.dns("www.example.com", "NS", {}, "NXDOMAIN");
        CHECK(w.run("rpki.ns.valid").size() == 3);
    }
    SUBCASE("no NS records at all") {
        World w = ns_world();
        w.dns("example.com", "NS", {});
        const auto f = w.one("rpki.ns.valid");
        CHECK(f.subject == "");
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-dns-error");
        CHECK(f.summary == "Could not tell: finding the domain's name servers failed (dns-error): no NS records at "
                           "www.example.com or its parent domains");
    }
    SUBCASE("SERVFAIL at the host: no guessing further up") {
        World w = ns_world();
        w.dns("www.example.com", "NS", {}, "SERVFAIL");
        const auto f = w.one("rpki.ns.valid");
        CHECK(f.status == Status::error);
        CHECK(f.summary == "Could not tell: finding the domain's name servers failed (dns-error): NS www.example.com: "
                           "SERVFAIL");
    }
}

TEST_CASE("rpki: a live scan gathers the facts in few rounds (batched per round)") {
    // Plays the runner: run the check, answer what it asked from a complete world, repeat.
    auto rounds_for = [](const std::string& id, const World& complete) {
        facts::FactStore gathered;
        for (int round = 1; round <= 10; ++round) {
            const facts::TargetFacts view(complete.target, complete.context, gathered, facts::FactsMode::live);
            try {
                checks::find_check(id)->run(view);
                return round;
            } catch (const facts::FactsPending&) {
                for (const facts::Request& request : view.missing()) {
                    const facts::Observation* known = complete.store.find(facts::request_key(request));
                    REQUIRE_MESSAGE(known, facts::request_key(request));
                    gathered.put(*known);
                }
            }
        }
        return -1;
    };
    World web = web_world();
    web.route("198.51.100.0/24", 64500, "valid", {k_roa});
    CHECK(rounds_for("rpki.web.valid", web) == 4);  // A+AAAA, origins, routes, then judged
    CHECK(rounds_for("rpki.ns.valid", ns_world()) == 5);  // NS walk, NS addresses, origins, routes, judged
}

namespace {

// example.com is its own web server, name server host and mail server: ns1.example.net and
// mx.example.com have the same address, so every role judges 198.51.100.10 alone.
World every_role_world() {
    World w("example.com");
    w.dns("example.com", "A", {"198.51.100.10"});
    w.dns("example.com", "AAAA", {});
    w.dns("example.com", "NS", {"ns1.example.net."});
    w.dns("ns1.example.net", "A", {"198.51.100.10"});
    w.dns("ns1.example.net", "AAAA", {});
    w.dns("example.com", "MX", {"10 mx.example.com."});
    w.dns("mx.example.com", "A", {"198.51.100.10"});
    w.dns("mx.example.com", "AAAA", {});
    w.origin(k_v4_origin, {"64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"});
    return w;
}

const std::vector<std::string> k_valid_ids{"rpki.web.valid", "rpki.ns.valid", "rpki.mx.valid"};
const std::vector<std::string> k_roa_ids{"rpki.web.roa_exists", "rpki.ns.roa_exists", "rpki.mx.roa_exists"};
const std::vector<std::string> k_all_ids{"rpki.web.valid", "rpki.ns.valid", "rpki.mx.valid",
                                         "rpki.web.roa_exists", "rpki.ns.roa_exists", "rpki.mx.roa_exists"};

std::string server_of(const std::string& id) {
    if (id.starts_with("rpki.web.")) return "web server";
    if (id.starts_with("rpki.ns.")) return "name server";
    return "mail server";
}

void expect(const World& w, const std::vector<std::string>& ids, Status status, const std::string& outcome,
            const std::string& summary_after_server = "") {
    for (const std::string& id : ids) {
        CAPTURE(id);
        const auto f = w.one(id);
        CHECK(f.check_id == id);
        CHECK(f.status == status);
        CHECK(f.outcome == outcome);
        if (!summary_after_server.empty()) CHECK(f.summary == server_of(id) + " " + summary_after_server);
    }
}

void stale(World& w) {
    w.context.settings[checks::rpki::k_vrp_source_setting] = {{"kind", "file"}, {"vrps", 1}, {"age_seconds", 7200},
                                                              {"stale", true}};
}

}  // namespace

TEST_CASE("rpki: every role reaches every outcome of its checks") {
    World w = every_role_world();
    SUBCASE("valid") {
        w.route("198.51.100.0/24", 64500, "valid", {k_roa});
        expect(w, k_valid_ids, Status::pass, "valid", "198.51.100.10: 198.51.100.0/24 from AS64500 is RPKI-valid");
    }
    SUBCASE("valid-stale-vrps") {
        stale(w);
        w.route("198.51.100.0/24", 64500, "valid", {k_roa});
        expect(w, k_valid_ids, Status::warn, "valid-stale-vrps",
               "198.51.100.10: 198.51.100.0/24 from AS64500 is RPKI-valid; but the VRP data is stale (2 h old): "
               "refresh the VRP source");
    }
    SUBCASE("not-found") {
        w.route("198.51.100.0/24", 64500, "not-found", {});
        expect(w, k_valid_ids, Status::warn, "not-found");
    }
    SUBCASE("invalid-as-mismatch") {
        w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 24, 64501}}, "as-mismatch");
        expect(w, k_valid_ids, Status::fail, "invalid-as-mismatch");
    }
    SUBCASE("invalid-too-specific") {
        w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/22", 23, 64500}}, "too-specific");
        expect(w, k_valid_ids, Status::fail, "invalid-too-specific");
    }
    SUBCASE("invalid-as0") {
        w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 32, 0}}, "as0");
        expect(w, k_valid_ids, Status::fail, "invalid-as0");
    }
    SUBCASE("unknown-state (a validation state no check knows), noted when the VRPs are stale") {
        stale(w);
        w.route("198.51.100.0/24", 64500, "unheard-of", {});
        expect(w, k_valid_ids, Status::error, "unknown-state",
               "198.51.100.10: 198.51.100.0/24 from AS64500: unknown validation state \"unheard-of\"; note: the VRP "
               "data is stale (2 h old): refresh the VRP source");
        expect(w, k_roa_ids, Status::error, "unknown-state",
               "198.51.100.10: 198.51.100.0/24 from AS64500: unknown validation state; note: the VRP data is stale "
               "(2 h old): refresh the VRP source");
    }
    SUBCASE("roa-exists") {
        w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 24, 64501}}, "as-mismatch");
        expect(w, k_roa_ids, Status::pass, "roa-exists", "198.51.100.10: a ROA covers 198.51.100.0/24 from AS64500");
    }
    SUBCASE("roa-exists-stale-vrps") {
        stale(w);
        w.route("198.51.100.0/24", 64500, "valid", {k_roa});
        expect(w, k_roa_ids, Status::warn, "roa-exists-stale-vrps",
               "198.51.100.10: a ROA covers 198.51.100.0/24 from AS64500; but the VRP data is stale (2 h old): "
               "refresh the VRP source");
    }
    SUBCASE("roa-missing") {
        w.route("198.51.100.0/24", 64500, "not-found", {});
        expect(w, k_roa_ids, Status::warn, "roa-missing",
               "198.51.100.10: no ROA covers 198.51.100.0/24 from AS64500: ask your hosting provider / network to "
               "publish one");
    }
    SUBCASE("origin-unknown") {
        w.dns(k_v4_origin, "TXT", {}, "NXDOMAIN");
        expect(w, k_all_ids, Status::error, "origin-unknown");
    }
    SUBCASE("origin-unparseable") {
        w.origin(k_v4_origin, {"garbage"});
        expect(w, k_all_ids, Status::error, "origin-unparseable");
    }
    SUBCASE("unsupported-asn-source") {
        w.context.settings[checks::rpki::k_asn_source_setting] = "ripestat";
        expect(w, k_all_ids, Status::error, "unsupported-asn-source");
    }
    SUBCASE("no-mx-servers (null MX), for the mail servers only") {
        w.dns("example.com", "MX", {"0 ."});
        const auto f = w.one("rpki.mx.valid");
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-mx-servers");
        CHECK(f.summary == "example.com has a null MX (RFC 7505): it accepts no mail, so there are no mail hosts");
        w.dns("example.com", "MX", {});
        const auto r = w.one("rpki.mx.roa_exists");
        CHECK(r.status == Status::not_applicable);
        CHECK(r.outcome == "no-mx-servers");
        CHECK(r.summary == "example.com has no MX records (mail would use its own A/AAAA, RFC 5321 §5.1)");
    }
}

TEST_CASE("rpki.web.valid: an invalid route with a reason the check does not know reads as an AS mismatch") {
    World w = web_world();
    w.route("198.51.100.0/24", 64500, "invalid", {{"198.51.100.0/24", 24, 64501}}, "something-new");
    const auto f = w.one("rpki.web.valid");
    CHECK(f.status == Status::fail);
    CHECK(f.outcome == "invalid-as-mismatch");
    CHECK(f.summary.find("no ROA authorises AS64500 to originate it (the ROAs name AS64501)") != std::string::npos);
}

TEST_CASE("rpki: no VRP set (turned off, or the default source unavailable) -> one finding per check") {
    const char* ids[] = {"rpki.web.valid",     "rpki.web.roa_exists", "rpki.ns.valid",
                         "rpki.ns.roa_exists", "rpki.mx.valid",       "rpki.mx.roa_exists"};
    World w = web_world();  // routes and names would be there; none of them is looked at
    SUBCASE("rpki-off: --rpki-source none -> not_applicable with that reason") {
        w.context.settings[checks::rpki::k_vrp_source_setting] = {
            {"kind", "none"}, {"reason", "the RPKI checks were turned off (--rpki-source none)"}};
        for (const char* id : ids) {
            const auto f = w.one(id);
            CHECK(f.status == Status::not_applicable);
            CHECK(f.outcome == "rpki-off");
            CHECK(f.subject.empty());
            CHECK(f.summary == "Not checked: the RPKI checks were turned off (--rpki-source none)");
            CHECK(f.evidence["vrp_source"]["kind"] == "none");
        }
    }
    SUBCASE("no-vrp-source: the default source could not be loaded -> error saying how to give one") {
        const std::string reason =
            "the default VRP source could not be loaded (VRP download http://x/: refused); "
            "name one with --rpki-source URL|FILE";
        w.context.settings[checks::rpki::k_vrp_source_setting] = {{"kind", "unavailable"},
                                                                  {"location", "http://x/"},
                                                                  {"default", true},
                                                                  {"reason", reason}};
        for (const char* id : ids) {
            const auto f = w.one(id);
            CHECK(f.status == Status::error);  // could not tell: never a pass, never n/a
            CHECK(f.outcome == "no-vrp-source");
            CHECK(f.summary == "Could not tell: " + reason);
            CHECK(f.evidence["vrp_source"]["location"] == "http://x/");
        }
    }
    SUBCASE("a recorded status of the wrong shape still says why, in its own words") {
        w.context.settings[checks::rpki::k_vrp_source_setting] = {{"kind", "unavailable"}, {"reason", 42}};
        const auto f = w.one("rpki.web.valid");
        CHECK(f.outcome == "no-vrp-source");
        CHECK(f.summary == "Could not tell: no VRP source could be loaded");
    }
}
