// The checks about the MX hosts of a domain, from recorded facts: the shared MX host list
// (common::find_mail_hosts), ipv6.mx.address, rpki.mx.* and dnssec.mx.* (the dnssec zone
// verdicts on the zones of the MX hosts, one finding per zone).
#include <doctest/doctest.h>

#include <algorithm>

#include "checks/common/dns_zone.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/ipv6/settings.hpp"
#include "checks/registry.hpp"

using namespace osescan;
using checks::Status;

namespace {

const std::string k_soa = "ns1.example.test hostmaster.example.test 1 3600 900 604800 300";
// The same key and DS as test_checks_dnssec_verdicts.cpp (the DS digest matches the key).
const std::string k_ksk13 =
    "257 3 13 a3W5yyEy5E4jLgFYzpwRaZZqWzH4s/sYaYiu3OqlLX7dtRrt4dVUjw+xPeicebM+JPV+Pf7MnQI2OiRHamszuw==";
const std::string k_ds13 = "19794 13 2 BB6F2D048FC85C3439CD52111A200AF095CDE25588DA97E3F11FBC91DDAFA2F6";

class MxWorld {
public:
    explicit MxWorld(std::string host = "example.test") {
        target.input = host;
        target.host = std::move(host);
        context.settings[checks::ipv6::k_allow_documentation_prefix_setting] = true;
    }
    void dns(const std::string& name, const std::string& type, const std::vector<std::string>& data,
             const std::string& rcode = "NOERROR") {
        facts::DnsAnswer a;
        a.rcode = rcode;
        for (const std::string& d : data)
            a.answer.push_back({name, type, 300, d, type == "TXT" ? std::vector<std::string>{d} : std::vector<std::string>{}});
        store.put({facts::DnsRequest{name, type, facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(a), 1});
    }
    void validated(const std::string& name, const std::string& type, const std::string& security,
                   const std::vector<facts::DnsRecord>& records, const std::vector<facts::DnsRecord>& authority = {},
                   const std::string& rcode = "NOERROR") {
        facts::DnsAnswer a;
        a.rcode = rcode;
        a.answer = records;
        a.authority = authority;
        a.security = security;
        store.put({checks::common::validated(name, type), facts::Observed<facts::DnsAnswer>(a), 1});
    }
    // A mail host `host` in zone `zone` (the apex), signed or not.
    void mail_zone(const std::string& zone, const std::vector<std::string>& hosts, bool is_signed) {
        const std::string security = is_signed ? "secure" : "insecure";
        validated(zone, "SOA", security, {{zone, "SOA", 300, k_soa, {}}});
        for (const std::string& host : hosts) {
            // A host below the apex: NODATA for SOA, the zone's SOA in the authority section.
            validated(host, "SOA", security, {}, {{zone, "SOA", 300, k_soa, {}}});
            validated(host, "A", security, {{host, "A", 300, "198.51.100.25", {}}});
            validated(host, "AAAA", security, {{host, "AAAA", 300, "2001:db8::25", {}}});
        }
        if (is_signed) {
            validated(zone, "DNSKEY", "secure", {{zone, "DNSKEY", 300, k_ksk13, {}}});
            validated(zone, "DS", "secure", {{zone, "DS", 300, k_ds13, {}}});
            validated(zone, "NSEC3PARAM", "secure", {}, {{zone, "SOA", 300, k_soa, {}}, {zone, "NSEC", 300, "a." + zone + " A NS SOA", {}}});
        } else {
            validated(zone, "DNSKEY", "insecure", {}, {{zone, "SOA", 300, k_soa, {}}});
            validated(zone, "DS", "insecure", {}, {{"test", "SOA", 300, k_soa, {}}});
            validated(zone, "NSEC3PARAM", "insecure", {}, {{zone, "SOA", 300, k_soa, {}}});
        }
    }
    std::vector<checks::Finding> run(const std::string& id) const {
        const checks::Check* check = checks::find_check(id);
        REQUIRE_MESSAGE(check, id);
        const facts::TargetFacts view(target, context, store, facts::FactsMode::replay);
        return check->run(view);
    }
    facts::Target target;
    facts::ScanContext context;
    facts::FactStore store;
};

}  // namespace

TEST_CASE("find_mail_hosts: by preference, deduplicated, bounded; nothing to judge is not_applicable") {
    MxWorld w;
    auto hosts = [&] {
        const facts::TargetFacts view(w.target, w.context, w.store, facts::FactsMode::replay);
        return checks::common::find_mail_hosts(view);
    };
    w.dns("example.test", "MX", {"20 b.mail.test.", "10 A.Mail.Test.", "30 a.mail.test", "bad record"});
    auto h = hosts();
    CHECK(h.names == std::vector<std::string>{"a.mail.test", "b.mail.test"});
    CHECK_FALSE(h.none_because);
    CHECK_FALSE(h.problem);

    std::vector<std::string> many;
    for (int i = 0; i < 40; ++i) many.push_back(std::to_string(i) + " mx" + std::to_string(i) + ".mail.test");
    w.dns("example.test", "MX", many);
    CHECK(hosts().names.size() == checks::common::k_max_mx_hosts);

    w.dns("example.test", "MX", {"0 ."});
    REQUIRE(hosts().none_because);
    CHECK(hosts().none_because->find("null MX") != std::string::npos);
    w.dns("example.test", "MX", {});
    REQUIRE(hosts().none_because);
    CHECK(hosts().none_because->find("no MX records") != std::string::npos);
    w.dns("example.test", "MX", {}, "NXDOMAIN");
    CHECK(hosts().none_because);
    w.dns("example.test", "MX", {}, "SERVFAIL");
    REQUIRE(hosts().problem);
    CHECK(hosts().problem->detail == "MX example.test: SERVFAIL");

    // Every MX check says the same about "nothing to judge" and "could not tell".
    for (const char* id : {"ipv6.mx.address", "rpki.mx.roa_exists", "rpki.mx.valid", "dnssec.mx.signed",
                           "dnssec.mx.valid", "dnssec.mx.algorithms", "dnssec.mx.nsec3"}) {
        CAPTURE(id);
        w.dns("example.test", "MX", {"0 ."});
        auto f = w.run(id);
        REQUIRE(f.size() == 1);
        CHECK(f[0].status == Status::not_applicable);
        if (std::string(id).rfind("rpki.", 0) != 0) CHECK(f[0].outcome == "no-mail-hosts");  // rpki: its own
        CHECK(f[0].summary ==
              "example.test has a null MX (RFC 7505): it accepts no mail, so there are no mail hosts");
        w.dns("example.test", "MX", {}, "SERVFAIL");
        f = w.run(id);
        REQUIRE(f.size() == 1);
        CHECK(f[0].status == Status::error);
        CHECK(checks::find_check(id)->info.needs_name);
    }
}

TEST_CASE("ipv6.mx.address: one finding per MX host") {
    MxWorld w;
    w.dns("example.test", "MX", {"10 mx1.mail.test", "20 mx2.mail.test", "30 mx3.mail.test", "40 mx4.mail.test",
                                 "50 mx5.mail.test"});
    w.dns("mx1.mail.test", "A", {"198.51.100.25"});
    w.dns("mx1.mail.test", "AAAA", {"2001:db8::25"});
    w.dns("mx2.mail.test", "A", {"198.51.100.26"});
    w.dns("mx2.mail.test", "AAAA", {});
    w.dns("mx3.mail.test", "A", {"198.51.100.27"});
    w.dns("mx3.mail.test", "AAAA", {"::1"});
    w.dns("mx4.mail.test", "A", {});
    w.dns("mx4.mail.test", "AAAA", {}, "SERVFAIL");
    w.dns("mx5.mail.test", "A", {}, "NXDOMAIN");
    w.dns("mx5.mail.test", "AAAA", {}, "NXDOMAIN");
    const auto findings = w.run("ipv6.mx.address");
    REQUIRE(findings.size() == 5);
    auto of = [&](const std::string& host) {
        auto it = std::find_if(findings.begin(), findings.end(), [&](const checks::Finding& f) { return f.subject == host; });
        REQUIRE(it != findings.end());
        return *it;
    };
    CHECK(of("mx1.mail.test").status == Status::pass);
    CHECK(of("mx1.mail.test").evidence["ipv6"] == nlohmann::json::array({"2001:db8::25"}));
    CHECK(of("mx2.mail.test").status == Status::fail);
    CHECK(of("mx2.mail.test").outcome == "no-ipv6");
    CHECK(of("mx3.mail.test").status == Status::fail);
    CHECK(of("mx3.mail.test").outcome == "no-public-ipv6");
    CHECK(of("mx4.mail.test").status == Status::error);
    CHECK(of("mx5.mail.test").outcome == "mx-host-missing");

    CHECK(of("mx1.mail.test").outcome == "ipv6-mx-host");
    CHECK(of("mx1.mail.test").summary == "MX host mx1.mail.test has an IPv6 address (2001:db8::25)");

    // Documentation prefixes are not public outside the demo world.
    w.context.settings[checks::ipv6::k_allow_documentation_prefix_setting] = false;
    CHECK(w.run("ipv6.mx.address")[0].status == Status::fail);
}

TEST_CASE("ipv6.mx.address: a public AAAA beside one that is not public warns") {
    MxWorld w;
    w.dns("example.test", "MX", {"10 mx1.mail.test"});
    w.dns("mx1.mail.test", "A", {"198.51.100.25"});
    w.dns("mx1.mail.test", "AAAA", {"2001:db8::25", "::1"});
    const auto findings = w.run("ipv6.mx.address");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::warn);
    CHECK(findings[0].outcome == "non-public-address");
    CHECK(findings[0].summary ==
          "MX host mx1.mail.test has an IPv6 address (2001:db8::25), and AAAA records that are not public addresses");
}

TEST_CASE("rpki.mx.*: the routes to every MX host address") {
    MxWorld w;
    w.dns("example.test", "MX", {"10 mx1.mail.test"});
    w.dns("mx1.mail.test", "A", {"198.51.100.25"});
    w.dns("mx1.mail.test", "AAAA", {});
    w.dns("25.100.51.198.origin.asn.cymru.com", "TXT", {"64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"});
    w.store.put({facts::RouteRequest{"198.51.100.0/24", 64500},
                 facts::Observed<facts::RouteValidity>(facts::RouteValidity{"invalid", {{"198.51.100.0/24", 24, 64501}}, "as-mismatch"}), 0});
    auto f = w.run("rpki.mx.valid");
    REQUIRE(f.size() == 1);
    CAPTURE(f[0].summary);
    CHECK(f[0].check_id == "rpki.mx.valid");
    CHECK(f[0].subject == "198.51.100.25");
    CHECK(f[0].status == Status::fail);
    f = w.run("rpki.mx.roa_exists");
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == Status::pass);
    // An MX host whose lookups fail is an error of its own, never silently skipped.
    w.dns("example.test", "MX", {"10 mx1.mail.test", "20 mx2.mail.test"});
    w.dns("mx2.mail.test", "A", {}, "SERVFAIL");
    w.dns("mx2.mail.test", "AAAA", {}, "SERVFAIL");
    f = w.run("rpki.mx.valid");
    REQUIRE(f.size() == 2);
    CHECK(std::count_if(f.begin(), f.end(), [](const checks::Finding& x) { return x.status == Status::error && x.subject == "mx2.mail.test"; }) == 1);
}

TEST_CASE("dnssec.mx.*: one finding per zone of the MX hosts") {
    MxWorld w;
    w.dns("example.test", "MX", {"10 mx1.mail.test", "20 mx2.mail.test", "30 mx.plain.test"});
    w.mail_zone("mail.test", {"mx1.mail.test", "mx2.mail.test"}, true);
    w.mail_zone("plain.test", {"mx.plain.test"}, false);
    auto f = w.run("dnssec.mx.signed");
    REQUIRE(f.size() == 2);
    CHECK(f[0].subject == "mail.test");
    CHECK(f[0].status == Status::pass);
    CHECK(f[0].evidence["mx_hosts"] == nlohmann::json::array({"mx1.mail.test", "mx2.mail.test"}));
    CHECK(f[1].subject == "plain.test");
    CHECK(f[1].status == Status::fail);
    f = w.run("dnssec.mx.valid");
    REQUIRE(f.size() == 2);
    CHECK(f[0].status == Status::pass);
    CHECK(f[1].status == Status::not_applicable);
    for (const auto& finding : f) CHECK(finding.check_id == "dnssec.mx.valid");

    // A bogus answer for an MX host's address fails dnssec.mx.valid for its zone.
    w.validated("mx2.mail.test", "A", "bogus", {{"mx2.mail.test", "A", 300, "198.51.100.26", {}}});
    f = w.run("dnssec.mx.valid");
    CHECK(f[0].status == Status::fail);

    // An MX host that does not exist is an error about that host.
    w.dns("example.test", "MX", {"10 gone.mail.test"});
    w.validated("gone.mail.test", "SOA", "secure", {}, {{"mail.test", "SOA", 300, k_soa, {}}}, "NXDOMAIN");
    for (const char* id : {"dnssec.mx.signed", "dnssec.mx.valid", "dnssec.mx.algorithms", "dnssec.mx.nsec3"}) {
        CAPTURE(id);
        f = w.run(id);
        REQUIRE(f.size() == 1);
        CHECK(f[0].status == Status::error);
        CHECK(f[0].outcome == "no-such-mx-host");
        CHECK(f[0].summary == "Could not tell: MX host gone.mail.test does not exist (NXDOMAIN; see mail.mx)");
    }
}
