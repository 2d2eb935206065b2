// The runner's scheduling logic (cap, guard timers, deadline abort, rounds), driven by
// probers of our own interface that answer from timers: no network is involved here; the
// real probers have their own tests against real servers (tests/engine/).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>

#include "checks/common/findings.hpp"
#include "engine/loop/event_loop.hpp"
#include "scan/probe_dispatcher.hpp"
#include "scan/target_session.hpp"

using namespace osescan;
using namespace std::chrono_literals;

namespace {

// Answers every DNS request after `delay` with one A record "198.51.100.<n>" (the n-th
// request started), or never
// (silent) — counting how many requests are in flight at once.
class TimedDnsProber : public engine::DnsProber {
public:
    TimedDnsProber(engine::EventLoop& loop, std::chrono::milliseconds delay, bool silent = false)
        : m_loop(loop), m_delay(delay), m_silent(silent) {}
    engine::Cancel resolve(const facts::DnsRequest& request,
                           std::function<void(facts::Observed<facts::DnsAnswer>)> done) override {
        ++in_flight;
        max_in_flight = std::max(max_in_flight, in_flight);
        ++started;
        auto cancelled = std::make_shared<bool>(false);
        if (!m_silent) {
            m_loop.after(m_delay, [this, request, done, cancelled, n = started] {
                if (*cancelled) return;
                --in_flight;
                facts::DnsAnswer a;
                a.answer.push_back({request.name, "A", 60, "198.51.100." + std::to_string(n), {}});
                done(a);
            });
        }
        return [this, cancelled] {
            if (!*cancelled) --in_flight;
            *cancelled = true;
            ++cancels;
        };
    }
    int in_flight = 0, max_in_flight = 0, started = 0, cancels = 0;

private:
    engine::EventLoop& m_loop;
    std::chrono::milliseconds m_delay;
    bool m_silent;
};

class TlsFromDns : public engine::TlsProber {
public:
    explicit TlsFromDns(engine::EventLoop& loop) : m_loop(loop) {}
    engine::Cancel handshake(const facts::TlsRequest& request,
                             std::function<void(facts::Observed<facts::TlsHandshake>)> done) override {
        seen.push_back(request.address);
        m_loop.post([done] {
            facts::TlsHandshake h;
            h.accepted = true;
            h.version = "TLSv1.3";
            done(h);
        });
        return {};
    }
    std::vector<std::string> seen;

private:
    engine::EventLoop& m_loop;
};

facts::DnsRequest a_of(const std::string& name) { return {name, "A", facts::DnsVia::stub, {}}; }

}  // namespace

TEST_CASE("event loop: timers fire in order, cancel works, post runs next turn") {
    engine::EventLoop loop;
    std::vector<int> order;
    loop.after(30ms, [&] { order.push_back(3); });
    auto id = loop.after(10ms, [&] { order.push_back(99); });
    loop.after(20ms, [&] { order.push_back(2); });
    loop.post([&] { order.push_back(1); });
    loop.cancel(id);
    loop.run_until([&] { return order.size() == 3; });
    CHECK(order == std::vector<int>{1, 2, 3});
}

TEST_CASE("dispatcher caps probes in flight and completes all") {
    engine::EventLoop loop;
    TimedDnsProber dns(loop, 20ms);
    scan::Probers probers;
    probers.dns = &dns;
    scan::ProbeDispatcher dispatcher(loop, probers, 3, 1000ms);
    int done = 0;
    for (int i = 0; i < 10; ++i)
        dispatcher.submit(a_of("n" + std::to_string(i) + ".example"), [&](facts::Observation o) {
            CHECK(std::get<facts::Observed<facts::DnsAnswer>>(o.result).ok());
            ++done;
        });
    CHECK(dispatcher.in_flight() == 3);
    CHECK(dispatcher.queued() == 7);
    loop.run_until([&] { return done == 10; });
    CHECK(dns.max_in_flight == 3);
    CHECK(dispatcher.completed() == 10);
}

TEST_CASE("dispatcher guard ends a probe whose prober never answers") {
    engine::EventLoop loop;
    TimedDnsProber dns(loop, 0ms, /*silent=*/true);
    scan::Probers probers;
    probers.dns = &dns;
    scan::ProbeDispatcher dispatcher(loop, probers, 2, 50ms);
    std::optional<facts::Observation> got;
    const auto t0 = engine::EventLoop::Clock::now();
    dispatcher.submit(a_of("silent.example"), [&](facts::Observation o) { got = std::move(o); });
    loop.run_until([&] { return got.has_value(); });
    const auto elapsed = engine::EventLoop::Clock::now() - t0;
    CHECK(elapsed < 5s);
    const auto& r = std::get<facts::Observed<facts::DnsAnswer>>(got->result);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == "timeout");
    CHECK(dns.cancels == 1);
}

TEST_CASE("dispatcher abort: queued, running and later requests end with the reason") {
    engine::EventLoop loop;
    TimedDnsProber dns(loop, 10s);
    scan::Probers probers;
    probers.dns = &dns;
    scan::ProbeDispatcher dispatcher(loop, probers, 1, 20000ms);
    std::vector<std::string> kinds;
    for (int i = 0; i < 3; ++i)
        dispatcher.submit(a_of("x" + std::to_string(i)), [&](facts::Observation o) {
            kinds.push_back(std::get<facts::Observed<facts::DnsAnswer>>(o.result).error().kind);
        });
    dispatcher.abort_all({"deadline", "scan deadline"});
    dispatcher.submit(a_of("late"), [&](facts::Observation o) {
        kinds.push_back(std::get<facts::Observed<facts::DnsAnswer>>(o.result).error().kind);
    });
    loop.run_until([&] { return kinds.size() == 4; });
    CHECK(kinds == std::vector<std::string>(4, "deadline"));
    CHECK(dns.started == 1);  // only the running one had started
}

TEST_CASE("dispatcher shares a fact among the targets that ask for it") {
    engine::EventLoop loop;
    TimedDnsProber dns(loop, 20ms);
    scan::Probers probers;
    probers.dns = &dns;
    scan::ProbeDispatcher dispatcher(loop, probers, 4, 1000ms);
    std::vector<std::string> answers;
    auto keep = [&](facts::Observation o) {
        answers.push_back(std::get<facts::Observed<facts::DnsAnswer>>(o.result).value().answer.at(0).data);
    };
    // Three targets ask while the first is in flight (the name's case does not matter).
    dispatcher.submit(a_of("mx1.mail.example"), keep);
    dispatcher.submit(a_of("MX1.mail.example"), keep);
    dispatcher.submit(a_of("mx1.mail.example"), keep);
    dispatcher.submit(a_of("other.example"), keep);
    CHECK(dispatcher.in_flight() == 2);
    loop.run_until([&] { return answers.size() == 4; });
    CHECK(dns.started == 2);
    // A later target gets the kept answer, without a probe.
    dispatcher.submit(a_of("mx1.mail.example"), keep);
    loop.run_until([&] { return answers.size() == 5; });
    CHECK(dns.started == 2);
    CHECK(dispatcher.shared() == 3);
    CHECK(std::count(answers.begin(), answers.end(), "198.51.100.1") == 4);
    CHECK(std::count(answers.begin(), answers.end(), "198.51.100.2") == 1);
}

TEST_CASE("dispatcher: an answer cut short by the deadline is not kept for later askers") {
    engine::EventLoop loop;
    TimedDnsProber dns(loop, 10s);
    scan::Probers probers;
    probers.dns = &dns;
    scan::ProbeDispatcher dispatcher(loop, probers, 1, 20000ms);
    std::vector<std::string> kinds;
    auto keep = [&](facts::Observation o) {
        kinds.push_back(std::get<facts::Observed<facts::DnsAnswer>>(o.result).error().kind);
    };
    dispatcher.submit(a_of("slow.example"), keep);
    dispatcher.submit(a_of("slow.example"), keep);  // joins the first
    dispatcher.abort_all({"deadline", "scan deadline"});
    loop.run_until([&] { return kinds.size() == 2; });
    CHECK(kinds == std::vector<std::string>(2, "deadline"));
    CHECK(dispatcher.shared() == 1);
}

TEST_CASE("dispatcher: an unconfigured source is an error, asynchronously") {
    engine::EventLoop loop;
    scan::Probers probers;  // no route prober, no validator
    scan::ProbeDispatcher dispatcher(loop, probers, 4, 1000ms);
    std::vector<facts::Observation> got;
    dispatcher.submit(facts::RouteRequest{"198.51.100.0/24", 64500}, [&](facts::Observation o) { got.push_back(o); });
    dispatcher.submit(facts::DnsRequest{"example", "DNSKEY", facts::DnsVia::validator, {}},
                      [&](facts::Observation o) { got.push_back(o); });
    CHECK(got.empty());
    loop.run_until([&] { return got.size() == 2; });
    CHECK(std::get<facts::Observed<facts::RouteValidity>>(got[0].result).error().kind == "not-configured");
    CHECK(std::get<facts::Observed<facts::RouteValidity>>(got[0].result).error().detail.find("--rpki-vrps") !=
          std::string::npos);
    CHECK(std::get<facts::Observed<facts::DnsAnswer>>(got[1].result).error().kind == "not-configured");
}

namespace {
// A check that needs a dependent chain: A record of the host, then a TLS handshake with
// that address; then it passes.
std::vector<checks::Finding> chain_check(const facts::TargetFacts& f) {
    const auto& a = f.dns(f.target().host, "A");
    if (!a.ok()) return {checks::common::probe_error_finding("test.chain", "", a.error(), "lookup")};
    const std::string addr = a.value().answer.at(0).data;
    const auto& hs = f.tls(facts::TlsRequest{addr, 443, f.target().host, "", "", "", "", {}});
    // A test-only check outside the registry: its finding is built by hand.
    return {checks::Finding{"test.chain", addr, hs.value().accepted ? checks::Status::pass : checks::Status::fail, "ok",
                            "handshake with " + addr, nlohmann::json::object()}};
}
std::vector<checks::Finding> throwing_check(const facts::TargetFacts&) { throw std::runtime_error("boom"); }
std::vector<checks::Finding> greedy_check(const facts::TargetFacts& f) {
    // asks for one more name each round, forever
    for (int i = 0;; ++i) f.dns("n" + std::to_string(i) + ".example", "A");
}

checks::Check make_check(std::string_view id, checks::CheckFn fn, bool needs_name = true) {
    checks::CheckInfo info;
    info.id = id;
    info.family = checks::Family::tls;
    info.title = id;
    info.needs_name = needs_name;
    return checks::Check{info, fn};
}
}  // namespace

TEST_CASE("target session: dependent facts over rounds, safety nets, replay") {
    engine::EventLoop loop;
    TimedDnsProber dns(loop, 1ms);
    TlsFromDns tls(loop);
    scan::Probers probers;
    probers.dns = &dns;
    probers.tls = &tls;
    scan::ProbeDispatcher dispatcher(loop, probers, 8, 1000ms);
    const checks::Check chain = make_check("test.chain", chain_check);
    const checks::Check thrower = make_check("test.throw", throwing_check);
    const checks::Check greedy = make_check("test.greedy", greedy_check);
    facts::ScanContext ctx;

    std::optional<checks::TargetResult> result;
    scan::TargetSession session(facts::Target{"example", "example", false, 443, "/"}, ctx,
                                  {&chain, &thrower, &greedy}, dispatcher, 5,
                                  [&](checks::TargetResult r) { result = std::move(r); });
    session.start();
    loop.run_until([&] { return result.has_value(); });
    REQUIRE(result->findings.size() == 3);
    CHECK(result->findings[0].check_id == "test.chain");
    CHECK(result->findings[0].status == checks::Status::pass);
    CHECK(tls.seen.size() == 1);
    CHECK(result->findings[1].check_id == "test.throw");
    CHECK(result->findings[1].status == checks::Status::error);
    CHECK(result->findings[1].summary.find("boom") != std::string::npos);
    CHECK(result->findings[2].check_id == "test.greedy");
    CHECK(result->findings[2].outcome == "too-many-rounds");

    // The recorded facts replay to the same verdict without any prober.
    const auto replayed = scan::run_check_guarded(chain, facts::TargetFacts(result->target, ctx, result->facts,
                                                                               facts::FactsMode::replay));
    REQUIRE(replayed.size() == 1);
    CHECK(replayed[0].status == checks::Status::pass);

    // IP targets: checks that need a name are not applicable without running.
    const facts::FactStore empty;
    const facts::Target ip{"198.51.100.1", "198.51.100.1", true, 443, "/"};
    const auto na = scan::run_check_guarded(thrower, facts::TargetFacts(ip, ctx, empty, facts::FactsMode::live));
    CHECK(na.at(0).status == checks::Status::not_applicable);
}
