// UnboundValidator against a real signed tree (nsd on loopback, zones signed at test time,
// see test_dnssec_servers.hpp): secure, bogus for two reasons, insecure, NSEC3, negative
// answers, timeouts, cancellation, forwarding, bad settings.

#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/dnssec/why_bogus.hpp"
#include "engine/dnssec/unbound_validator.hpp"
#include "engine/engine_init.hpp"
#include "engine/loop/event_loop.hpp"
#include "tests/engine/dns_test_servers.hpp"
#include "tests/engine/skips.hpp"
#include "tests/engine/test_dnssec_servers.hpp"

using osescan::engine::EngineGlobals;
using osescan::engine::EventLoop;
using osescan::engine::ProbeSettings;
using osescan::engine::UnboundValidator;
using osescan::engine::dnssec_test::signed_tree;
using osescan::engine::dnssec_test::UnboundDaemon;
using osescan::facts::DnsAnswer;
using osescan::facts::DnsRecord;
using osescan::facts::DnsRequest;
using osescan::facts::DnsVia;
using osescan::facts::Observed;
namespace pe = osescan::facts::probe_error;

namespace {

// Skips (counted, see skips.hpp) when the tree cannot run here; callers return early on false.
bool tree_available() {
    if (signed_tree().available()) return true;
    osescan::engine::test::skip("the signed test tree is not available: " + signed_tree().why());
    return false;
}

ProbeSettings tree_settings() {
    ProbeSettings settings;
    settings.timeout = std::chrono::milliseconds(5000);
    settings.trust_anchor_file = signed_tree().trust_anchor_file();
    settings.root_hints_file = signed_tree().root_hints_file();
    return settings;
}

DnsRequest validated(const std::string& name, const std::string& type) {
    return DnsRequest{name, type, DnsVia::validator, {}};
}

struct Outcome {
    std::vector<Observed<DnsAnswer>> results;  // one per request, in order
    std::vector<int> calls;
    std::chrono::milliseconds elapsed{0};
};

// Resolves the requests concurrently on one loop and prober; waits at most `wait`.
Outcome resolve_all(const std::vector<DnsRequest>& requests, const ProbeSettings& settings,
                    std::chrono::milliseconds wait = std::chrono::milliseconds(15000)) {
    EngineGlobals globals;
    EventLoop loop;
    UnboundValidator validator(loop, settings);
    Outcome outcome;
    outcome.results.resize(requests.size());
    outcome.calls.assign(requests.size(), 0);
    size_t done = 0;
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < requests.size(); ++i) {
        validator.resolve(requests[i], [&, i](Observed<DnsAnswer> result) {
            ++outcome.calls[i];
            ++done;
            outcome.results[i] = std::move(result);
        });
    }
    bool waited_out = false;
    const auto guard = loop.after(wait, [&] { waited_out = true; });
    loop.run_until([&] { return done >= requests.size() || waited_out; });
    loop.cancel(guard);
    outcome.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    // A few more turns: a second delivery would show up here.
    bool settled = false;
    loop.after(std::chrono::milliseconds(50), [&] { settled = true; });
    loop.run_until([&] { return settled; });
    return outcome;
}

Observed<DnsAnswer> resolve_one(const DnsRequest& request, const ProbeSettings& settings) {
    Outcome outcome = resolve_all({request}, settings);
    REQUIRE(outcome.calls[0] == 1);
    return outcome.results[0];
}

const DnsAnswer& answer_of(const Observed<DnsAnswer>& observed) {
    if (!observed.ok()) FAIL("probe error: " << observed.error().kind << ": " << observed.error().detail);
    return observed.value();
}

std::vector<std::string> datas(const DnsAnswer& answer, const std::string& type) {
    std::vector<std::string> out;
    for (const DnsRecord* r : answer.records(type)) out.push_back(r->data);
    return out;
}

bool has_type(const std::vector<DnsRecord>& section, const std::string& type) {
    for (const DnsRecord& r : section)
        if (r.type == type) return true;
    return false;
}

}  // namespace

TEST_CASE("validator: answers from a signed zone are secure, with their signatures") {
    if (!tree_available()) return;
    const Outcome outcome = resolve_all({validated("www.good", "A"), validated("good", "SOA"),
                                         validated("good", "DNSKEY"), validated("good", "DS")},
                                        tree_settings());
    const DnsAnswer& a = answer_of(outcome.results[0]);
    CHECK(a.rcode == "NOERROR");
    CHECK(a.security == "secure");
    CHECK(a.why_bogus.empty());
    CHECK(datas(a, "A") == std::vector<std::string>{"127.0.0.80"});
    CHECK(has_type(a.answer, "RRSIG"));

    const DnsAnswer& soa = answer_of(outcome.results[1]);
    CHECK(soa.security == "secure");
    REQUIRE(soa.records("SOA").size() == 1);
    CHECK(soa.records("SOA")[0]->name == "good");

    const DnsAnswer& dnskey = answer_of(outcome.results[2]);
    CHECK(dnskey.security == "secure");
    CHECK(dnskey.records("DNSKEY").size() == 2);
    const DnsAnswer& ds = answer_of(outcome.results[3]);
    CHECK(ds.security == "secure");
    REQUIRE(ds.records("DS").size() == 1);
    CHECK(ds.records("DS")[0]->data.rfind(" 13 2 ") != std::string::npos);
    for (int calls : outcome.calls) CHECK(calls == 1);
}

TEST_CASE("validator: a signed NXDOMAIN is secure and carries its NSEC proof") {
    if (!tree_available()) return;
    const Observed<DnsAnswer> observed = resolve_one(validated("nothere.good", "A"), tree_settings());
    const DnsAnswer& a = answer_of(observed);
    CHECK(a.rcode == "NXDOMAIN");
    CHECK(a.security == "secure");
    CHECK(has_type(a.authority, "SOA"));
    CHECK(has_type(a.authority, "NSEC"));
}

TEST_CASE("validator: expired signatures are bogus, and the reason says so") {
    if (!tree_available()) return;
    const Observed<DnsAnswer> observed = resolve_one(validated("www.expired", "A"), tree_settings());
    const DnsAnswer& a = answer_of(observed);
    MESSAGE("why_bogus: " << a.why_bogus);
    CHECK(a.security == "bogus");
    CHECK(datas(a, "A") == std::vector<std::string>{"127.0.0.80"});  // the data is kept
    const auto reason = osescan::checks::dnssec::parse_why_bogus(a.why_bogus);
    CHECK(reason.category == "signature-expired");
    CHECK(reason.zone == "expired");
    CHECK(reason.query_name == "www.expired");
}

TEST_CASE("validator: a DS that matches no DNSKEY is bogus, and the reason says so") {
    if (!tree_available()) return;
    const Outcome outcome =
        resolve_all({validated("dsmismatch", "SOA"), validated("dsmismatch", "DNSKEY")}, tree_settings());
    const DnsAnswer& a = answer_of(outcome.results[0]);
    MESSAGE("why_bogus: " << a.why_bogus);
    CHECK(a.security == "bogus");
    const auto reason = osescan::checks::dnssec::parse_why_bogus(a.why_bogus);
    CHECK(reason.category == "ds-mismatch");
    CHECK(reason.zone == "dsmismatch");
    const DnsAnswer& keys = answer_of(outcome.results[1]);
    CHECK(keys.security == "bogus");
    CHECK(keys.records("DNSKEY").size() == 2);
}

TEST_CASE("validator: an unsigned delegation is insecure") {
    if (!tree_available()) return;
    const Outcome outcome = resolve_all({validated("www.unsigned", "A"), validated("unsigned", "DS"),
                                         validated("unsigned", "DNSKEY")},
                                        tree_settings());
    const DnsAnswer& a = answer_of(outcome.results[0]);
    CHECK(a.security == "insecure");
    CHECK(a.why_bogus.empty());
    CHECK(datas(a, "A") == std::vector<std::string>{"127.0.0.80"});
    // No DS, proven by the signed root's NSEC: the absence itself is secure.
    const DnsAnswer& ds = answer_of(outcome.results[1]);
    CHECK(ds.records("DS").empty());
    CHECK(ds.security == "secure");
    const DnsAnswer& keys = answer_of(outcome.results[2]);
    CHECK(keys.records("DNSKEY").empty());
    CHECK(keys.security == "insecure");
}

TEST_CASE("validator: NSEC3 parameters at the apex and in a negative answer") {
    if (!tree_available()) return;
    const Outcome outcome =
        resolve_all({validated("nsec3", "NSEC3PARAM"), validated("nothere.nsec3", "A")}, tree_settings());
    const DnsAnswer& param = answer_of(outcome.results[0]);
    CHECK(param.security == "secure");
    CHECK(datas(param, "NSEC3PARAM") == std::vector<std::string>{"1 0 5 ABCD"});
    const DnsAnswer& nx = answer_of(outcome.results[1]);
    CHECK(nx.rcode == "NXDOMAIN");
    CHECK(nx.security == "secure");
    REQUIRE(has_type(nx.authority, "NSEC3"));
    for (const DnsRecord& r : nx.authority)
        if (r.type == "NSEC3") CHECK(r.data.rfind("1 0 5 ABCD ", 0) == 0);
}

TEST_CASE("validator: with the user's root, the special-use names are theirs: .test validates, not NXDOMAIN") {
    // unbound answers test., invalid., the AS112 reverse zones ... itself by default (an
    // empty zone: NXDOMAIN for every name). With --root-hints the root named is authoritative.
    if (!tree_available()) return;
    const Outcome outcome =
        resolve_all({validated("www.good.test", "A"), validated("www.bogus.test", "A"), validated("test", "SOA"),
                     validated("nothere.test", "A"), validated("10.in-addr.arpa", "SOA")},
                    tree_settings());
    const DnsAnswer& good = answer_of(outcome.results[0]);
    CHECK(good.rcode == "NOERROR");
    CHECK(good.security == "secure");
    CHECK(datas(good, "A") == std::vector<std::string>{"127.0.0.80"});

    const DnsAnswer& bogus = answer_of(outcome.results[1]);
    MESSAGE("why_bogus: " << bogus.why_bogus);
    CHECK(bogus.security == "bogus");
    const auto reason = osescan::checks::dnssec::parse_why_bogus(bogus.why_bogus);
    CHECK(reason.category == "signature-expired");
    CHECK(reason.zone == "bogus.test");

    const DnsAnswer& apex = answer_of(outcome.results[2]);
    CHECK(apex.security == "secure");
    REQUIRE(apex.records("SOA").size() == 1);
    MESSAGE("test. SOA: " << apex.records("SOA")[0]->data);
    // The root's zone, not unbound's built-in one ("localhost. nobody.invalid. 1 ...").
    CHECK(apex.records("SOA")[0]->data.find("hostmaster.test") != std::string::npos);

    // A name the root's test. zone lacks: NXDOMAIN proven by its NSEC, not made up locally.
    const DnsAnswer& missing = answer_of(outcome.results[3]);
    CHECK(missing.rcode == "NXDOMAIN");
    CHECK(missing.security == "secure");
    CHECK(has_type(missing.authority, "NSEC"));

    // An AS112 zone: asked of the root, whose signed NXDOMAIN says it has no in-addr.arpa.
    const DnsAnswer& reverse = answer_of(outcome.results[4]);
    CHECK(reverse.rcode == "NXDOMAIN");
    CHECK(reverse.security == "secure");
}

TEST_CASE("validator: a root server that never answers ends in a timeout within the budget") {
    if (!tree_available()) return;
    ProbeSettings settings = tree_settings();
    settings.root_hints_file = signed_tree().hints_for(signed_tree().unused_address(), "silent.hints");
    settings.timeout = std::chrono::milliseconds(1000);
    const Outcome outcome = resolve_all({validated("www.good", "A")}, settings);
    REQUIRE(outcome.calls[0] == 1);
    const Observed<DnsAnswer>& result = outcome.results[0];
    REQUIRE_FALSE(result.ok());
    // Nothing listens there: either unbound gives up (SERVFAIL, dns-error) or our timer fires.
    CHECK((result.error().kind == pe::timeout || result.error().kind == pe::dns_error));
    CHECK(outcome.elapsed < std::chrono::milliseconds(2500));
}

TEST_CASE("validator: Cancel suppresses the result; destroying the prober drops queries in flight") {
    if (!tree_available()) return;
    EngineGlobals globals;
    EventLoop loop;
    int calls = 0;
    {
        UnboundValidator validator(loop, tree_settings());
        auto cancel = validator.resolve(validated("www.good", "AAAA"), [&](Observed<DnsAnswer>) { ++calls; });
        cancel();
        cancel();  // twice is harmless
        int after_cancel = 0;
        validator.resolve(validated("good", "SOA"), [&](Observed<DnsAnswer> r) {
            ++after_cancel;
            CHECK(r.ok());
        });
        loop.run_until([&] { return after_cancel > 0; });
        bool settled = false;
        loop.after(std::chrono::milliseconds(200), [&] { settled = true; });
        loop.run_until([&] { return settled; });
        CHECK(calls == 0);
        CHECK(after_cancel == 1);

        validator.resolve(validated("www.nsec3", "A"), [&](Observed<DnsAnswer>) { ++calls; });
    }  // destroyed with that query in flight
    bool settled = false;
    loop.after(std::chrono::milliseconds(200), [&] { settled = true; });
    loop.run_until([&] { return settled; });
    CHECK(calls == 0);
}

TEST_CASE("validator: done is never called from inside resolve()") {
    if (!tree_available()) return;
    EngineGlobals globals;
    EventLoop loop;
    UnboundValidator validator(loop, tree_settings());
    bool inside = true;
    int calls = 0;
    bool called_inside = false;
    // Errors decided at once (wrong via, unknown type) are delivered later, too.
    validator.resolve(DnsRequest{"good", "SOA", DnsVia::stub, {}}, [&](Observed<DnsAnswer> r) {
        called_inside = called_inside || inside;
        ++calls;
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == pe::not_configured);
    });
    validator.resolve(validated("good", "NOSUCHTYPE"), [&](Observed<DnsAnswer> r) {
        called_inside = called_inside || inside;
        ++calls;
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == pe::internal);
    });
    inside = false;
    loop.run_until([&] { return calls == 2; });
    CHECK_FALSE(called_inside);
}

TEST_CASE("validator: through a forwarder it still validates itself") {
    if (!tree_available()) return;
    const std::string address = signed_tree().root_address();
    const uint16_t port = osescan::engine::dns_test::free_dns_port({address});
    UnboundDaemon forwarder(signed_tree().directory(), address, port, signed_tree().root_hints_file(),
                            signed_tree().trust_anchor_file());
    ProbeSettings settings = tree_settings();
    settings.root_hints_file.clear();
    settings.dnssec_forwarder = address + ":" + std::to_string(port);
    const Outcome outcome =
        resolve_all({validated("www.good", "A"), validated("www.expired", "A"), validated("www.unsigned", "A"),
                     validated("www.good.test", "A"), validated("www.bogus.test", "A")},
                    settings);
    CHECK(answer_of(outcome.results[0]).security == "secure");
    // The forwarder's root serves test.: through it, too, the names are the root's.
    CHECK(answer_of(outcome.results[3]).security == "secure");
    CHECK(answer_of(outcome.results[4]).security == "bogus");
    // The forwarder validates too and would answer SERVFAIL; unbound asks it with CD=1, gets
    // the data, and finds it bogus on its own.
    const DnsAnswer& bogus = answer_of(outcome.results[1]);
    CHECK(bogus.security == "bogus");
    CHECK(osescan::checks::dnssec::parse_why_bogus(bogus.why_bogus).category == "signature-expired");
    CHECK(answer_of(outcome.results[2]).security == "insecure");
}

TEST_CASE("validator: osescan check of names under a private .test root validates them") {
    // The classroom case (issue 14): a world whose root serves .test, a resolver of its own,
    // and `osescan check --root-hints ... --trust-anchor ...`: the signed name is secure, the
    // one with expired signatures bogus, neither "does not exist".
    if (!tree_available()) return;
    const std::string address = signed_tree().root_address();
    const uint16_t port = osescan::engine::dns_test::free_dns_port({address});
    UnboundDaemon resolver(signed_tree().directory(), address, port, signed_tree().root_hints_file(),
                           signed_tree().trust_anchor_file());
    const std::string report = signed_tree().directory() + "/check-test.json";
    const std::string command = std::string(OSESCAN_BINARY) + " check --resolver " + address + ":" +
                                std::to_string(port) + " --root-hints " + signed_tree().root_hints_file() +
                                " --trust-anchor " + signed_tree().trust_anchor_file() +
                                " --only dnssec.signed,dnssec.valid --timeout 5 --fail-on never --quiet --json " +
                                report + " good.test bogus.test 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    const int status = pclose(pipe);
    INFO("osescan output: " << output);
    REQUIRE(status == 0);
    std::ifstream in(report);
    const nlohmann::json json = nlohmann::json::parse(in);
    std::map<std::string, std::string> outcomes;  // "host check" -> "status/outcome"
    for (const auto& target : json["targets"])
        for (const auto& finding : target["findings"])
            outcomes[target["target"]["host"].get<std::string>() + " " + finding["check_id"].get<std::string>()] =
                finding["status"].get<std::string>() + "/" + finding["outcome"].get<std::string>();
    CHECK(outcomes["good.test dnssec.valid"] == "pass/secure");
    CHECK(outcomes["good.test dnssec.signed"].starts_with("pass/"));
    CHECK(outcomes["bogus.test dnssec.valid"] == "fail/bogus");
}

TEST_CASE("validator: unusable settings are refused with a message") {
    EngineGlobals globals;
    EventLoop loop;
    ProbeSettings settings;
    settings.trust_anchor_file = "/nonexistent/root.key";
    CHECK_THROWS_WITH_AS(UnboundValidator(loop, settings),
                         "cannot read the DNSSEC trust anchor file \"/nonexistent/root.key\"", std::runtime_error);
    settings.trust_anchor_file.clear();  // default /usr/share/dns/root.key (dns-root-data)
    settings.dnssec_forwarder = "not-an-address";
    CHECK_THROWS_AS(UnboundValidator(loop, settings), std::runtime_error);
    settings.dnssec_forwarder.clear();
    settings.root_hints_file = "/nonexistent/root.hints";
    CHECK_THROWS_WITH_AS(UnboundValidator(loop, settings), "cannot read the root hints file \"/nonexistent/root.hints\"",
                         std::runtime_error);

    // A trust anchor file that is not one: unbound's own parser says no.
    const std::string bad = "/tmp/osescan-dnssec-bad-anchor-" + std::to_string(::getpid());
    std::ofstream(bad) << "this is not a DS record\n";
    settings.root_hints_file.clear();
    settings.trust_anchor_file = bad;
    try {
        UnboundValidator validator(loop, settings);
        FAIL("a trust anchor file without a DS or DNSKEY record was accepted");
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        MESSAGE(message);
        CHECK(message.rfind("validating resolver: cannot load the trust anchor or root hints", 0) == 0);
    }
    std::remove(bad.c_str());

    // After a failed start, a good validator still works (libunbound's log is process-wide).
    if (signed_tree().available()) {
        const Observed<DnsAnswer> observed = resolve_one(validated("good", "SOA"), tree_settings());
        CHECK(answer_of(observed).security == "secure");
    }
}
