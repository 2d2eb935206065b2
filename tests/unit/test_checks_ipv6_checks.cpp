// Every outcome of the ipv6 checks, judged from recorded facts, plus the requests a live
// scan makes (shared with the rpki and https checks, no extra probes).
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

#include "checks/ipv6/ipv6_verdicts.hpp"
#include "checks/ipv6/settings.hpp"
#include "checks/registry.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using checks::Status;
using test::FactsFixture;
namespace pe = facts::probe_error;

namespace {

constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_v6 = "2a02:898:100::10";   // global unicast: public without any setting
constexpr const char* k_v6b = "2a02:898:100::11";
constexpr const char* k_ns1_v6 = "2a02:898:53::1";
constexpr const char* k_ns2_v6 = "2a02:898:53::2";
const std::string k_soa = "ns1.example.test hostmaster.example.test 1 3600 900 604800 300";

facts::DnsRecord rr(const std::string& name, const std::string& type, const std::string& data) {
    return facts::DnsRecord{name, type, 300, data, {}};
}

void stub(FactsFixture& f, const std::string& name, const std::string& type, const std::vector<std::string>& data,
          const std::string& rcode = "NOERROR") {
    facts::DnsAnswer answer;
    answer.rcode = rcode;
    for (const std::string& d : data) answer.answer.push_back(rr(name, type, d));
    f.store.put({facts::DnsRequest{name, type, facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(answer), 1});
}

void stub_error(FactsFixture& f, const std::string& name, const std::string& type, const std::string& kind) {
    f.store.put({facts::DnsRequest{name, type, facts::DnsVia::stub, {}},
                 facts::Observed<facts::DnsAnswer>(facts::ProbeError{kind, "no answer"}), 1});
}

facts::DnsRequest soa_at(const std::string& address) {
    return facts::DnsRequest{"example.test", "SOA", facts::DnsVia::direct, address};
}

void direct(FactsFixture& f, const std::string& address, const std::string& rcode = "NOERROR", bool with_soa = true) {
    facts::DnsAnswer answer;
    answer.rcode = rcode;
    if (with_soa) answer.answer.push_back(rr("example.test", "SOA", k_soa));
    answer.server = address;
    f.store.put({soa_at(address), facts::Observed<facts::DnsAnswer>(answer), 1});
}

void direct_error(FactsFixture& f, const std::string& address, const std::string& kind) {
    f.store.put({soa_at(address), facts::Observed<facts::DnsAnswer>(facts::ProbeError{kind, "no answer"}), 1});
}

// example.test served by ns1.example.test and ns2.example.net, each with A and AAAA.
void name_servers(FactsFixture& f, const std::vector<std::string>& ns1_v6 = {k_ns1_v6},
                  const std::vector<std::string>& ns2_v6 = {k_ns2_v6}) {
    stub(f, "example.test", "NS", {"ns1.example.test", "NS2.example.net."});
    stub(f, "ns1.example.test", "A", {"198.51.100.53"});
    stub(f, "ns1.example.test", "AAAA", ns1_v6);
    stub(f, "ns2.example.net", "A", {"198.51.100.54"});
    stub(f, "ns2.example.net", "AAAA", ns2_v6);
}

checks::Finding one(const std::vector<checks::Finding>& findings) {
    REQUIRE(findings.size() == 1);
    return findings[0];
}

void allow_documentation(FactsFixture& f) { f.context.settings[checks::ipv6::k_allow_documentation_prefix_setting] = true; }

}  // namespace

TEST_CASE("ipv6.ns.address: every outcome") {
    SUBCASE("two name servers with public IPv6: pass") {
        FactsFixture f;
        name_servers(f);
        const auto finding = one(checks::ipv6::check_ns_address(f.replay()));
        CHECK(finding.check_id == "ipv6.ns.address");
        CHECK(finding.subject == "example.test");
        CHECK(finding.status == Status::pass);
        CHECK(finding.outcome == "enough-ipv6-name-servers");
        CHECK(finding.summary == "2 of 2 name servers of example.test have an IPv6 address (ns1.example.test, ns2.example.net)");
        CHECK(finding.evidence["with_ipv6"] == 2);
        CHECK(finding.evidence["name_servers"][1]["ipv4"] == nlohmann::json::array({"198.51.100.54"}));
    }
    SUBCASE("only one: fail, naming the one without") {
        FactsFixture f;
        name_servers(f, {k_ns1_v6}, {});
        const auto finding = one(checks::ipv6::check_ns_address(f.replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.outcome == "too-few-ipv6-name-servers");
        CHECK(finding.summary ==
              "Only 1 of 2 name servers of example.test have a public IPv6 address (at least 2 needed); without: "
              "ns2.example.net");
    }
    SUBCASE("a non-public AAAA does not count: fail; with enough public ones: warn") {
        FactsFixture f;
        name_servers(f, {k_ns1_v6}, {"fe80::53"});
        auto finding = one(checks::ipv6::check_ns_address(f.replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.evidence["name_servers"][1]["ipv6_not_public"][0]["reason"] == "a link-local address (fe80::/10)");

        FactsFixture g;
        name_servers(g, {k_ns1_v6, "::ffff:198.51.100.53"}, {k_ns2_v6});
        finding = one(checks::ipv6::check_ns_address(g.replay()));
        CHECK(finding.status == Status::warn);
        CHECK(finding.outcome == "non-public-address");
    }
    SUBCASE("documentation addresses count only in the test world") {
        FactsFixture f;
        name_servers(f, {"2001:db8:100::3"}, {"2001:db8:100::4"});
        CHECK(one(checks::ipv6::check_ns_address(f.replay())).status == Status::fail);
        allow_documentation(f);
        CHECK(one(checks::ipv6::check_ns_address(f.replay())).status == Status::pass);
    }
    SUBCASE("errors: no NS at all, or an AAAA lookup that could make up the number") {
        FactsFixture f;
        stub_error(f, "example.test", "NS", pe::timeout);
        auto finding = one(checks::ipv6::check_ns_address(f.replay()));
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "probe-timeout");

        FactsFixture g;
        name_servers(g);
        stub_error(g, "ns2.example.net", "AAAA", pe::timeout);
        finding = one(checks::ipv6::check_ns_address(g.replay()));
        CHECK(finding.status == Status::error);
    }
}

TEST_CASE("ipv6.ns.reachable: every outcome") {
    SUBCASE("live: asks every public name-server AAAA directly for the zone's SOA, never a non-public one") {
        FactsFixture f;
        name_servers(f, {k_ns1_v6, "::1"});
        const auto live = f.live();
        CHECK_THROWS_AS(checks::ipv6::check_ns_reachable(live), facts::FactsPending);
        CHECK(test::missing_keys(live) == test::sorted_keys({soa_at(k_ns1_v6), soa_at(k_ns2_v6)}));
    }
    SUBCASE("all answer with the SOA: pass") {
        FactsFixture f;
        name_servers(f);
        direct(f, k_ns1_v6);
        direct(f, k_ns2_v6);
        const auto finding = one(checks::ipv6::check_ns_reachable(f.replay()));
        CHECK(finding.status == Status::pass);
        CHECK(finding.outcome == "ipv6-name-servers-answer");
        CHECK(finding.evidence["queries"].size() == 2);
    }
    SUBCASE("a timeout and a lame answer: fail, naming both") {
        FactsFixture f;
        name_servers(f);
        direct_error(f, k_ns1_v6, pe::timeout);
        direct(f, k_ns2_v6, "REFUSED", false);
        const auto finding = one(checks::ipv6::check_ns_reachable(f.replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.outcome == "ipv6-name-server-unreachable");
        CHECK(finding.summary ==
              "2 of 2 IPv6 name-server addresses of example.test do not answer for the zone: ns1.example.test "
              "2a02:898:53::1: no answer (timeout); ns2.example.net 2a02:898:53::2: answers, but not for "
              "example.test (REFUSED)");
    }
    SUBCASE("NOERROR without the SOA is not an answer for the zone") {
        FactsFixture f;
        name_servers(f);
        direct(f, k_ns1_v6);
        direct(f, k_ns2_v6, "NOERROR", false);
        CHECK(one(checks::ipv6::check_ns_reachable(f.replay())).status == Status::fail);
    }
    SUBCASE("no name server with public IPv6: not applicable") {
        FactsFixture f;
        name_servers(f, {}, {"fd00::53"});
        const auto finding = one(checks::ipv6::check_ns_reachable(f.replay()));
        CHECK(finding.status == Status::not_applicable);
        CHECK(finding.outcome == "no-ipv6-name-servers");
    }
    SUBCASE("a query the scan could not make: error") {
        FactsFixture f;
        name_servers(f);
        direct(f, k_ns1_v6);  // ns2's query is not recorded
        const auto finding = one(checks::ipv6::check_ns_reachable(f.replay()));
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "probe-not-recorded");
    }
}

TEST_CASE("ipv6.web.address: every outcome") {
    SUBCASE("domain and www have public AAAA: pass") {
        FactsFixture f;
        f.addresses({k_v4}, {k_v6});
        stub(f, "www.example.test", "A", {k_v4});
        stub(f, "www.example.test", "AAAA", {k_v6});
        const auto finding = one(checks::ipv6::check_web_address(f.replay()));
        CHECK(finding.status == Status::pass);
        CHECK(finding.outcome == "aaaa-present");
        CHECK(finding.summary == "Public IPv6 addresses (AAAA) for example.test and www.example.test");
        CHECK(finding.evidence["names"][0]["ipv4"] == nlohmann::json::array({k_v4}));
        CHECK(finding.evidence["names"][1]["ipv6"] == nlohmann::json::array({k_v6}));
    }
    SUBCASE("www without AAAA: fail naming it") {
        FactsFixture f;
        f.addresses({k_v4}, {k_v6});
        stub(f, "www.example.test", "A", {k_v4});
        stub(f, "www.example.test", "AAAA", {});
        const auto finding = one(checks::ipv6::check_web_address(f.replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.outcome == "no-aaaa");
        CHECK(finding.summary == "No public IPv6 address (AAAA) for www.example.test");
    }
    SUBCASE("no AAAA anywhere: fail naming both") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        stub(f, "www.example.test", "A", {k_v4});
        stub(f, "www.example.test", "AAAA", {});
        CHECK(one(checks::ipv6::check_web_address(f.replay())).summary ==
              "No public IPv6 address (AAAA) for example.test and www.example.test");
    }
    SUBCASE("no www name: the domain alone decides") {
        FactsFixture f;
        f.addresses({k_v4}, {k_v6});
        stub(f, "www.example.test", "A", {}, "NXDOMAIN");
        stub(f, "www.example.test", "AAAA", {}, "NXDOMAIN");
        const auto finding = one(checks::ipv6::check_web_address(f.replay()));
        CHECK(finding.status == Status::pass);
        CHECK(finding.summary == "Public IPv6 addresses (AAAA) for example.test (www.example.test does not exist)");
        CHECK(finding.evidence["names"][1]["exists"] == false);
    }
    SUBCASE("only a non-public AAAA: fail; public and non-public: warn") {
        FactsFixture f;
        f.addresses({k_v4}, {"::ffff:198.51.100.10"});
        stub(f, "www.example.test", "A", {}, "NXDOMAIN");
        stub(f, "www.example.test", "AAAA", {}, "NXDOMAIN");
        auto finding = one(checks::ipv6::check_web_address(f.replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.evidence["names"][0]["ipv6_not_public"][0]["reason"] == "an IPv4-mapped address (::ffff:0:0/96)");

        FactsFixture g;
        g.addresses({k_v4}, {k_v6, "fd00::10"});
        stub(g, "www.example.test", "A", {}, "NXDOMAIN");
        stub(g, "www.example.test", "AAAA", {}, "NXDOMAIN");
        finding = one(checks::ipv6::check_web_address(g.replay()));
        CHECK(finding.status == Status::warn);
        CHECK(finding.outcome == "non-public-address");
    }
    SUBCASE("lookups that fail, a host without addresses: error") {
        FactsFixture f;
        f.addresses_error(test::probe_error(pe::timeout));
        stub(f, "www.example.test", "A", {k_v4});
        stub(f, "www.example.test", "AAAA", {k_v6});
        CHECK(one(checks::ipv6::check_web_address(f.replay())).outcome == "probe-timeout");

        FactsFixture g;
        g.nxdomain();
        stub(g, "www.example.test", "A", {}, "NXDOMAIN");
        stub(g, "www.example.test", "AAAA", {}, "NXDOMAIN");
        const auto finding = one(checks::ipv6::check_web_address(g.replay()));
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "host-has-no-address");

        FactsFixture h;  // SERVFAIL (a bogus zone behind a validating resolver) is no answer
        h.addresses({k_v4}, {k_v6});
        stub(h, "www.example.test", "A", {}, "SERVFAIL");
        stub(h, "www.example.test", "AAAA", {}, "SERVFAIL");
        const auto servfail = one(checks::ipv6::check_web_address(h.replay()));
        CHECK(servfail.status == Status::error);
        CHECK(servfail.summary == "Could not tell: the AAAA lookup of www.example.test failed (dns-error): AAAA "
                                  "www.example.test: SERVFAIL");
    }
    SUBCASE("a www target is its own www name") {
        FactsFixture f("www.example.test");
        f.addresses({k_v4}, {k_v6});
        const auto live = f.live();
        const auto finding = one(checks::ipv6::check_web_address(live));
        CHECK(live.missing().empty());
        CHECK(finding.status == Status::pass);
        CHECK(finding.evidence["names"].size() == 1);
    }
}

TEST_CASE("ipv6.web.reachable: every outcome") {
    auto base = [](FactsFixture& f) {
        f.addresses({k_v4}, {k_v6});
        f.default_handshake(k_v4, test::accepted_handshake());
        f.http(f.http_first(k_v4), test::http_response(301, {{"Location", "https://example.test/"}}));
    };
    SUBCASE("live: the shared TLS and HTTP requests of every address, nothing else") {
        FactsFixture f;
        f.addresses({k_v4}, {k_v6, "fe80::1"});
        const auto live = f.live();
        CHECK_THROWS_AS(checks::ipv6::check_web_reachable(live), facts::FactsPending);
        CHECK(test::missing_keys(live) == test::sorted_keys({f.default_tls(k_v4), f.http_first(k_v4),
                                                              f.default_tls(k_v6), f.http_first(k_v6)}));
    }
    SUBCASE("443 and 80 answer over IPv6: pass") {
        FactsFixture f;
        base(f);
        f.default_handshake(k_v6, test::accepted_handshake());
        f.http(f.http_first(k_v6), test::http_response(301));
        const auto finding = one(checks::ipv6::check_web_reachable(f.replay()));
        CHECK(finding.subject == k_v6);
        CHECK(finding.status == Status::pass);
        CHECK(finding.outcome == "ipv6-reachable");
        CHECK(finding.summary == "Reachable over IPv6 on port 443 and port 80");
    }
    SUBCASE("a handshake the server refused with an alert still shows it is reachable") {
        FactsFixture f;
        base(f);
        f.default_handshake(k_v6, test::refused_handshake());
        f.http(f.http_first(k_v6), test::probe_error(pe::http_error, "weird reply"));
        CHECK(one(checks::ipv6::check_web_reachable(f.replay())).status == Status::pass);
    }
    SUBCASE("connection refused on 443: fail naming the endpoint") {
        FactsFixture f;
        base(f);
        f.default_handshake(k_v6, test::probe_error(pe::connection_refused, "refused"));
        f.http(f.http_first(k_v6), test::probe_error(pe::connection_refused, "refused"));
        const auto finding = one(checks::ipv6::check_web_reachable(f.replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.outcome == "ipv6-unreachable");
        CHECK(finding.summary ==
              "Not reachable over IPv6: [2a02:898:100::10]:443 refuses or cannot be reached; "
              "[2a02:898:100::10]:80 refuses or cannot be reached while IPv4 answers");
    }
    SUBCASE("a timeout over IPv6 while IPv4 answers: fail") {
        FactsFixture f;
        base(f);
        f.default_handshake(k_v6, test::probe_error(pe::timeout, "timed out"));
        f.http(f.http_first(k_v6), test::probe_error(pe::timeout, "timed out"));
        CHECK(one(checks::ipv6::check_web_reachable(f.replay())).status == Status::fail);
    }
    SUBCASE("silent on both families: error") {
        FactsFixture f;
        f.addresses({k_v4}, {k_v6});
        for (const char* address : {k_v4, k_v6}) {
            f.default_handshake(address, test::probe_error(pe::timeout, "timed out"));
            f.http(f.http_first(address), test::probe_error(pe::timeout, "timed out"));
        }
        const auto finding = one(checks::ipv6::check_web_reachable(f.replay()));
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "cannot-tell");
    }
    SUBCASE("HTTP slow on both families while HTTPS works over IPv6: pass") {
        FactsFixture f;
        f.addresses({k_v4}, {k_v6});
        for (const char* address : {k_v4, k_v6}) {
            f.default_handshake(address, test::accepted_handshake());
            f.http(f.http_first(address), test::probe_error(pe::timeout, "timed out"));
        }
        const auto finding = one(checks::ipv6::check_web_reachable(f.replay()));
        CHECK(finding.status == Status::pass);
        CHECK(finding.summary == "Reachable over IPv6 on port 443 (port 80 times out, as over IPv4)");
    }
    SUBCASE("nothing on port 80 on either family: port 80 is not required") {
        FactsFixture f;
        f.addresses({k_v4}, {k_v6});
        for (const char* address : {k_v4, k_v6}) {
            f.default_handshake(address, test::accepted_handshake());
            f.http(f.http_first(address), test::probe_error(pe::connection_refused, "refused"));
        }
        const auto finding = one(checks::ipv6::check_web_reachable(f.replay()));
        CHECK(finding.status == Status::pass);
        CHECK(finding.evidence["port80_required"] == false);
    }
    SUBCASE("one finding per public IPv6 address; IPv6-only sites are judged too") {
        FactsFixture f;
        f.addresses({}, {k_v6, k_v6b});
        f.default_handshake(k_v6, test::accepted_handshake());
        f.http(f.http_first(k_v6), test::http_response(200));
        f.default_handshake(k_v6b, test::probe_error(pe::unreachable, "no route"));
        f.http(f.http_first(k_v6b), test::probe_error(pe::unreachable, "no route"));
        const auto findings = checks::ipv6::check_web_reachable(f.replay());
        REQUIRE(findings.size() == 2);
        CHECK(test::finding_for(findings, k_v6).status == Status::pass);
        CHECK(test::finding_for(findings, k_v6b).status == Status::fail);
    }
    SUBCASE("no public IPv6 address: not applicable") {
        FactsFixture f;
        f.addresses({k_v4}, {"fe80::1"});
        const auto finding = one(checks::ipv6::check_web_reachable(f.replay()));
        CHECK(finding.status == Status::not_applicable);
        CHECK(finding.outcome == "no-ipv6");
    }
}

TEST_CASE("ipv6.web.same_content: every outcome") {
    const std::string page = "<html><body><h1>Welcome to Example</h1><p>Opening hours and contact details for "
                             "the shop. Updated 2025-06-15 10:00.</p></body></html>";
    auto body = [](int status, const std::string& text, std::vector<facts::HttpHeader> headers = {}) {
        facts::HttpResponse r = test::http_response(status, headers);
        r.body = text;
        r.body_bytes = text.size();
        return r;
    };
    auto with = [&](facts::Observed<facts::HttpResponse> v6, facts::Observed<facts::HttpResponse> v4) {
        auto f = std::make_unique<FactsFixture>();
        f->addresses({k_v4}, {k_v6});
        f->http(f->https_first(k_v4), std::move(v4));
        f->http(f->https_first(k_v6), std::move(v6));
        return f;
    };
    SUBCASE("same page with a different timestamp: pass") {
        std::string later = page;
        later.replace(later.find("2025-06-15 10:00"), 16, "2025-06-15 10:01");
        const auto f = with(body(200, later), body(200, page));
        const auto finding = one(checks::ipv6::check_same_content(f->replay()));
        CHECK(finding.subject == k_v6);
        CHECK(finding.status == Status::pass);
        CHECK(finding.outcome == "same-content");
        CHECK(finding.evidence["similarity"] == 1.0);
        CHECK(finding.evidence["ipv4"]["address"] == k_v4);
    }
    SUBCASE("different page: fail") {
        const auto f = with(body(200, "<html><body>Welcome to nginx!</body></html>"), body(200, page));
        const auto finding = one(checks::ipv6::check_same_content(f->replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.outcome == "different-content");
        CHECK(finding.summary == "Different content over IPv6 and IPv4 (similarity 0.00, at least 0.90 expected)");
    }
    SUBCASE("an error status on one side only: warn") {
        const auto f = with(body(404, "Not found"), body(200, page));
        const auto finding = one(checks::ipv6::check_same_content(f->replay()));
        CHECK(finding.status == Status::warn);
        CHECK(finding.outcome == "error-status-one-side");
        CHECK(finding.summary == "An error status on one side only: 404 over IPv6, 200 over IPv4");
    }
    SUBCASE("different non-error statuses and redirect targets: fail") {
        auto f = with(body(301, "", {{"Location", "https://example.test/"}}), body(200, page));
        CHECK(one(checks::ipv6::check_same_content(f->replay())).outcome == "different-status");
        f = with(body(301, "", {{"Location", "https://other.test/"}}), body(301, "", {{"Location", "https://example.test/"}}));
        const auto finding = one(checks::ipv6::check_same_content(f->replay()));
        CHECK(finding.status == Status::fail);
        CHECK(finding.outcome == "different-redirect");
        CHECK(finding.evidence["ipv6"]["location"] == "https://other.test/");
    }
    SUBCASE("same redirect: pass") {
        const auto f = with(body(301, "", {{"Location", "https://example.test/"}}),
                            body(301, "", {{"Location", "https://example.test/"}}));
        CHECK(one(checks::ipv6::check_same_content(f->replay())).status == Status::pass);
    }
    SUBCASE("IPv6 request failed: error") {
        const auto f = with(test::probe_error(pe::connection_refused, "refused"), body(200, page));
        const auto finding = one(checks::ipv6::check_same_content(f->replay()));
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "probe-connection-refused");
    }
    SUBCASE("no IPv4 response to compare with: error") {
        const auto f = with(body(200, page), test::probe_error(pe::timeout, "slow"));
        const auto finding = one(checks::ipv6::check_same_content(f->replay()));
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "probe-timeout");
    }
    SUBCASE("no IPv6, or IPv6 only: not applicable") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        CHECK(one(checks::ipv6::check_same_content(f.replay())).outcome == "no-ipv6");
        FactsFixture g;
        g.addresses({}, {k_v6});
        const auto finding = one(checks::ipv6::check_same_content(g.replay()));
        CHECK(finding.status == Status::not_applicable);
        CHECK(finding.outcome == "ipv6-only");
    }
}

TEST_CASE("ipv6: the family is registered in report order with complete texts") {
    std::vector<std::string> ids;
    for (const checks::Check& check : checks::all_checks())
        if (check.info.family == checks::Family::ipv6) ids.push_back(std::string(check.info.id));
    CHECK(std::vector<std::string>(ids.begin(), ids.begin() + 5) ==
          std::vector<std::string>{"ipv6.ns.address", "ipv6.ns.reachable", "ipv6.web.address", "ipv6.web.reachable",
                                   "ipv6.web.same_content"});
    std::vector<std::string> dnssec;
    for (const checks::Check& check : checks::all_checks())
        if (check.info.family == checks::Family::dnssec) dnssec.push_back(std::string(check.info.id));
    CHECK(std::vector<std::string>(dnssec.begin(), dnssec.begin() + 4) ==
          std::vector<std::string>{"dnssec.signed", "dnssec.valid", "dnssec.algorithms", "dnssec.nsec3"});
    CHECK_FALSE(checks::find_check("dnssec.nsec3")->info.scored);
    CHECK(checks::find_check("ipv6.web.same_content")->info.scored);
}
