// CaresDnsProber against a real nsd on loopback (and a socket that never answers).

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/dns/cares_dns_prober.hpp"
#include "engine/engine_init.hpp"
#include "engine/loop/event_loop.hpp"
#include "tests/engine/dns_test_servers.hpp"

using osescan::engine::CaresDnsProber;
using osescan::engine::EngineGlobals;
using osescan::engine::EventLoop;
using osescan::engine::ProbeSettings;
using osescan::engine::dns_test::NsdProcess;
using osescan::engine::dns_test::SilentUdpSocket;
using osescan::facts::DnsAnswer;
using osescan::facts::DnsRecord;
using osescan::facts::DnsRequest;
using osescan::facts::DnsVia;
using osescan::facts::Observed;

namespace {

const std::string k_zone = "dns.osescan.test";

const std::string k_long_a(255, 'a');
const std::string k_long_b(255, 'b');
const std::string k_long_c(90, 'c');

std::string zone_text() {
    return "$ORIGIN dns.osescan.test.\n"
           "$TTL 300\n"
           "@      IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 60\n"
           "@      IN NS  ns1\n"
           "ns1    IN A   127.0.0.1\n"
           "@      IN A   198.51.100.10\n"
           "@      IN AAAA 2001:db8::10\n"
           "@      IN MX  10 mail\n"
           "@      IN MX  20 mail2.example.net.\n"
           "@      IN CAA 0 issue \"letsencrypt.org\"\n"
           "@      IN CAA 128 iodef \"mailto:security@dns.osescan.test\"\n"
           "mail   IN A   198.51.100.25\n"
           "two    IN TXT \"first string\" \"second string\"\n"
           "long   IN TXT \"" + k_long_a + "\" \"" + k_long_b + "\" \"" + k_long_c + "\"\n"
           "_443._tcp IN TLSA 3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
           "www    IN CNAME @\n";
}

// One nsd for all test cases in this file (starting it takes ~100 ms).
NsdProcess& nsd() {
    static NsdProcess server(k_zone, zone_text(), "broken.osescan.test");
    return server;
}

struct Outcome {
    std::optional<Observed<DnsAnswer>> result;
    int calls = 0;
    std::chrono::milliseconds elapsed{0};
};

// Resolves one request on a fresh loop and prober, waiting at most `wait` for the result.
Outcome resolve(const DnsRequest& request, ProbeSettings settings,
                std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
    EngineGlobals globals;
    EventLoop loop;
    CaresDnsProber prober(loop, settings);
    Outcome outcome;
    const auto start = std::chrono::steady_clock::now();
    prober.resolve(request, [&](Observed<DnsAnswer> result) {
        ++outcome.calls;
        outcome.result = std::move(result);
        outcome.elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    });
    bool waited_out = false;
    const auto guard = loop.after(wait, [&] { waited_out = true; });
    loop.run_until([&] { return outcome.calls > 0 || waited_out; });
    loop.cancel(guard);
    return outcome;
}

ProbeSettings stub_settings(const std::string& resolver) {
    ProbeSettings settings;
    settings.timeout = std::chrono::milliseconds(2000);
    settings.resolvers = {resolver};
    return settings;
}

ProbeSettings nsd_v4() { return stub_settings("127.0.0.1:" + std::to_string(nsd().port())); }

DnsAnswer answer_of(const Outcome& outcome) {
    REQUIRE(outcome.calls == 1);
    REQUIRE(outcome.result.has_value());
    if (!outcome.result->ok()) FAIL("probe error: " << outcome.result->error().kind << ": " << outcome.result->error().detail);
    return outcome.result->value();
}

std::vector<std::string> datas(const std::vector<DnsRecord>& records) {
    std::vector<std::string> out;
    for (const DnsRecord& r : records) out.push_back(r.data);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("dns prober: A, AAAA and MX through the stub") {
    const DnsAnswer& a = answer_of(resolve({k_zone, "A", DnsVia::stub, ""}, nsd_v4()));
    CHECK(a.rcode == "NOERROR");
    CHECK_FALSE(a.truncated);
    CHECK(a.security == "unchecked");
    REQUIRE(a.answer.size() == 1);
    CHECK(a.answer[0] == DnsRecord{k_zone, "A", 300, "198.51.100.10", {}});

    const DnsAnswer& aaaa = answer_of(resolve({k_zone, "AAAA", DnsVia::stub, ""}, nsd_v4()));
    REQUIRE(aaaa.answer.size() == 1);
    CHECK(aaaa.answer[0] == DnsRecord{k_zone, "AAAA", 300, "2001:db8::10", {}});

    const DnsAnswer& mx = answer_of(resolve({k_zone, "MX", DnsVia::stub, ""}, nsd_v4()));
    CHECK(datas(mx.answer) == std::vector<std::string>{"10 mail.dns.osescan.test", "20 mail2.example.net"});
}

TEST_CASE("dns prober: TXT with two strings and a 600-byte value (EDNS, no truncation)") {
    const DnsAnswer& two = answer_of(resolve({"two." + k_zone, "TXT", DnsVia::stub, ""}, nsd_v4()));
    REQUIRE(two.answer.size() == 1);
    CHECK(two.answer[0].data == "\"first string\" \"second string\"");
    CHECK(two.answer[0].txt == std::vector<std::string>{"first string", "second string"});

    const DnsAnswer& long_txt = answer_of(resolve({"long." + k_zone, "TXT", DnsVia::stub, ""}, nsd_v4()));
    CHECK_FALSE(long_txt.truncated);
    REQUIRE(long_txt.answer.size() == 1);
    CHECK(long_txt.answer[0].txt == std::vector<std::string>{k_long_a, k_long_b, k_long_c});
    CHECK(long_txt.answer[0].data == "\"" + k_long_a + "\" \"" + k_long_b + "\" \"" + k_long_c + "\"");
}

TEST_CASE("dns prober: CAA, TLSA and CNAME") {
    const DnsAnswer& caa = answer_of(resolve({k_zone, "CAA", DnsVia::stub, ""}, nsd_v4()));
    CHECK(datas(caa.answer) ==
          std::vector<std::string>{"0 issue \"letsencrypt.org\"", "128 iodef \"mailto:security@dns.osescan.test\""});

    const DnsAnswer& tlsa = answer_of(resolve({"_443._tcp." + k_zone, "TLSA", DnsVia::stub, ""}, nsd_v4()));
    REQUIRE(tlsa.answer.size() == 1);
    CHECK(tlsa.answer[0].data == "3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF");

    const DnsAnswer& www = answer_of(resolve({"www." + k_zone, "A", DnsVia::stub, ""}, nsd_v4()));
    REQUIRE(www.answer.size() == 2);
    CHECK(www.answer[0] == DnsRecord{"www." + k_zone, "CNAME", 300, k_zone, {}});
    CHECK(www.answer[1] == DnsRecord{k_zone, "A", 300, "198.51.100.10", {}});
    REQUIRE(www.records("A").size() == 1);
}

TEST_CASE("dns prober: NXDOMAIN and NODATA carry the SOA in the authority section") {
    const std::string soa = "ns1.dns.osescan.test hostmaster.dns.osescan.test 2024010101 7200 3600 1209600 60";
    const DnsAnswer& nx = answer_of(resolve({"nope." + k_zone, "A", DnsVia::stub, ""}, nsd_v4()));
    CHECK(nx.rcode == "NXDOMAIN");
    CHECK(nx.nxdomain());
    CHECK(nx.answer.empty());
    REQUIRE(nx.authority.size() == 1);
    CHECK(nx.authority[0] == DnsRecord{k_zone, "SOA", 60, soa, {}});

    const DnsAnswer& nodata = answer_of(resolve({"mail." + k_zone, "AAAA", DnsVia::stub, ""}, nsd_v4()));
    CHECK(nodata.rcode == "NOERROR");
    CHECK(nodata.answer.empty());
    REQUIRE(nodata.authority.size() == 1);
    CHECK(nodata.authority[0].type == "SOA");
}

TEST_CASE("dns prober: SERVFAIL and REFUSED are answers, not errors") {
    const DnsAnswer& servfail = answer_of(resolve({"broken.osescan.test", "A", DnsVia::stub, ""}, nsd_v4()));
    CHECK(servfail.rcode == "SERVFAIL");
    CHECK(servfail.answer.empty());

    const DnsAnswer& refused = answer_of(resolve({"example.org", "A", DnsVia::stub, ""}, nsd_v4()));
    CHECK(refused.rcode == "REFUSED");
}

TEST_CASE("dns prober: direct queries go to DnsRequest::server (IP:port) without recursion") {
    ProbeSettings settings;  // stub = the system's resolvers, which this query must not use
    settings.timeout = std::chrono::milliseconds(2000);
    const std::string server = "127.0.0.1:" + std::to_string(nsd().port());
    const DnsAnswer& a = answer_of(resolve({"mail." + k_zone, "A", DnsVia::direct, server}, settings));
    CHECK(a.server == server);
    REQUIRE(a.answer.size() == 1);
    CHECK(a.answer[0] == DnsRecord{"mail." + k_zone, "A", 300, "198.51.100.25", {}});

    const std::string server6 = "[::1]:" + std::to_string(nsd().port());
    const DnsAnswer& ns = answer_of(resolve({k_zone, "NS", DnsVia::direct, server6}, settings));
    CHECK(ns.server == server6);
    REQUIRE(ns.answer.size() == 1);
    CHECK(ns.answer[0].data == "ns1.dns.osescan.test");

    Outcome bad = resolve({k_zone, "A", DnsVia::direct, "not-an-ip"}, settings);
    REQUIRE(bad.calls == 1);
    REQUIRE_FALSE(bad.result->ok());
    CHECK(bad.result->error().kind == "internal");
}

TEST_CASE("dns prober: IPv6 transport to ::1") {
    const DnsAnswer& a =
        answer_of(resolve({k_zone, "A", DnsVia::stub, ""}, stub_settings("[::1]:" + std::to_string(nsd().port()))));
    REQUIRE(a.answer.size() == 1);
    CHECK(a.answer[0].data == "198.51.100.10");
}

TEST_CASE("dns prober: a server that never answers times out within the configured timeout") {
    SilentUdpSocket silent;
    ProbeSettings settings = stub_settings("127.0.0.1:" + std::to_string(silent.port()));
    settings.timeout = std::chrono::milliseconds(1000);
    Outcome outcome = resolve({k_zone, "A", DnsVia::stub, ""}, settings);
    REQUIRE(outcome.calls == 1);
    REQUIRE_FALSE(outcome.result->ok());
    CHECK(outcome.result->error().kind == "timeout");
    CHECK(outcome.elapsed >= std::chrono::milliseconds(950));
    CHECK(outcome.elapsed <= std::chrono::milliseconds(1500));
}

TEST_CASE("dns prober: a closed UDP port is connection-refused") {
    const uint16_t closed_port = osescan::engine::dns_test::free_dns_port();
    Outcome outcome = resolve({k_zone, "A", DnsVia::stub, ""}, stub_settings("127.0.0.1:" + std::to_string(closed_port)));
    REQUIRE(outcome.calls == 1);
    REQUIRE_FALSE(outcome.result->ok());
    CHECK(outcome.result->error().kind == "connection-refused");
    CHECK(outcome.elapsed < std::chrono::milliseconds(1000));
}

TEST_CASE("dns prober: results are delivered from the loop, never inside resolve()") {
    EngineGlobals globals;
    EventLoop loop;
    CaresDnsProber prober(loop, nsd_v4());
    int calls = 0;
    std::optional<Observed<DnsAnswer>> validator, bad_type;
    prober.resolve({k_zone, "A", DnsVia::validator, ""}, [&](Observed<DnsAnswer> r) {
        ++calls;
        validator = std::move(r);
    });
    prober.resolve({k_zone, "NOTATYPE", DnsVia::stub, ""}, [&](Observed<DnsAnswer> r) {
        ++calls;
        bad_type = std::move(r);
    });
    CHECK(calls == 0);
    loop.run_until([&] { return calls == 2; });
    REQUIRE(validator.has_value());
    REQUIRE_FALSE(validator->ok());
    CHECK(validator->error().kind == "not-configured");
    REQUIRE(bad_type.has_value());
    REQUIRE_FALSE(bad_type->ok());
    CHECK(bad_type->error().kind == "internal");
}

TEST_CASE("dns prober: Cancel prevents the callback; other queries are unaffected") {
    EngineGlobals globals;
    EventLoop loop;
    CaresDnsProber prober(loop, nsd_v4());
    int cancelled_calls = 0;
    int kept_calls = 0;
    std::optional<Observed<DnsAnswer>> kept;
    auto cancel = prober.resolve({k_zone, "A", DnsVia::stub, ""}, [&](Observed<DnsAnswer>) { ++cancelled_calls; });
    prober.resolve({k_zone, "MX", DnsVia::stub, ""}, [&](Observed<DnsAnswer> r) {
        ++kept_calls;
        kept = std::move(r);
    });
    cancel();
    loop.run_until([&] { return kept_calls == 1; });
    // Let the cancelled query's answer arrive and be dropped.
    bool waited = false;
    loop.after(std::chrono::milliseconds(200), [&] { waited = true; });
    loop.run_until([&] { return waited; });
    CHECK(cancelled_calls == 0);
    CHECK(kept_calls == 1);
    REQUIRE(kept->ok());
    CHECK(kept->value().answer.size() == 2);
    cancel();  // cancelling again, after the fact, is harmless
}

TEST_CASE("dns prober: invalid resolver strings fail construction with a clear message") {
    EngineGlobals globals;
    EventLoop loop;
    ProbeSettings settings;
    settings.resolvers = {"127.0.0.1:99999"};
    CHECK_THROWS_WITH_AS(CaresDnsProber(loop, settings),
                         "invalid resolver address \"127.0.0.1:99999\": bad port (1..65535) (expected IP, "
                         "IP:port or [IPv6]:port)",
                         std::runtime_error);
}

TEST_CASE("dns prober: destroying the prober drops the callbacks of queries in flight") {
    EngineGlobals globals;
    EventLoop loop;
    SilentUdpSocket silent;
    int calls = 0;
    {
        ProbeSettings settings = stub_settings("127.0.0.1:" + std::to_string(silent.port()));
        settings.timeout = std::chrono::milliseconds(500);
        CaresDnsProber prober(loop, settings);
        prober.resolve({k_zone, "A", DnsVia::stub, ""}, [&](Observed<DnsAnswer>) { ++calls; });
        prober.resolve({k_zone, "A", DnsVia::validator, ""}, [&](Observed<DnsAnswer>) { ++calls; });
        bool waited = false;
        loop.after(std::chrono::milliseconds(50), [&] { waited = true; });
        loop.run_until([&] { return waited; });
        CHECK(calls == 1);  // the validator's not-configured, delivered on the first turn
        prober.resolve({k_zone, "MX", DnsVia::validator, ""}, [&](Observed<DnsAnswer>) { ++calls; });
    }  // one query waiting for the silent server, one result posted but not yet delivered
    bool waited = false;
    loop.after(std::chrono::milliseconds(800), [&] { waited = true; });  // past the timeout
    loop.run_until([&] { return waited; });
    CHECK(calls == 1);
}
