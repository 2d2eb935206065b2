// tls.client_renegotiation and tls.zero_rtt: one SUBCASE per outcome from hand-built
// tls-behaviour facts (as the engine records them), probe errors, rounds, IPv4 + IPv6.
#include <doctest/doctest.h>

#include <algorithm>

#include "checks/tls/tls_session_checks.hpp"
#include "tests/unit/tls_scan_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::tls;
using osescan::checks::Status;
using osescan::test::FactsFixture;
using osescan::test::k_scan_v4;
using osescan::test::k_scan_v6;
using osescan::test::versions_fact;

namespace {

namespace aspect = facts::tls_behaviour_aspect;

facts::TlsBehaviour renegotiation(int completed, const char* end, const std::string& detail) {
    facts::TlsBehaviour b;
    b.version = "TLSv1.2";
    b.renegotiations_completed = completed;
    b.renegotiations_asked = std::min(completed + 1, facts::TlsBehaviour::k_renegotiations);
    b.renegotiation_end = end;
    b.detail = detail;
    return b;
}

facts::TlsBehaviour zero_rtt(const char* state, uint32_t max_early_data = 0, int status = 0,
                             const std::string& status_line = "") {
    facts::TlsBehaviour b;
    b.version = "TLSv1.3";
    b.early_data = state;
    b.max_early_data = max_early_data;
    b.resumed = max_early_data > 0;
    b.status = status;
    b.status_line = status_line;
    b.detail = "recorded";
    return b;
}

// Records the versions scan and (unless `behaviour` is null) the behaviour fact on both
// addresses; returns the IPv4 finding after checking the IPv6 one agrees.
checks::Finding judge(checks::CheckFn run, const char* which, const std::vector<std::string>& accepted,
                      const facts::Observed<facts::TlsBehaviour>* behaviour) {
    FactsFixture f;
    f.addresses({k_scan_v4}, {k_scan_v6});
    for (const char* address : {k_scan_v4, k_scan_v6}) {
        f.tls_scan(f.scan_request(address, "versions"), versions_fact(accepted));
        if (behaviour) f.store.put(facts::Observation{behaviour_request(f.replay(), address, which), *behaviour, 0});
    }
    const auto findings = run(f.replay());
    REQUIRE(findings.size() == 2);
    const auto& v4 = test::finding_for(findings, k_scan_v4);
    const auto& v6 = test::finding_for(findings, k_scan_v6);
    CHECK(v4.outcome == v6.outcome);
    return v4;
}

checks::Finding judge_reneg(const facts::Observed<facts::TlsBehaviour>& b,
                            const std::vector<std::string>& accepted = {"TLSv1.3", "TLSv1.2"}) {
    return judge(check_tls_client_renegotiation, aspect::client_renegotiation, accepted, &b);
}
checks::Finding judge_zero_rtt(const facts::Observed<facts::TlsBehaviour>& b,
                               const std::vector<std::string>& accepted = {"TLSv1.3", "TLSv1.2"}) {
    return judge(check_tls_zero_rtt, aspect::zero_rtt, accepted, &b);
}

}  // namespace

TEST_CASE("tls.client_renegotiation: outcomes") {
    namespace end = facts::renegotiation_end;
    SUBCASE("the first request refused with no_renegotiation: pass") {
        const auto f = judge_reneg(renegotiation(0, end::refused, "renegotiation 1: alert: no renegotiation"));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "refused");
        CHECK(f.summary.find("no renegotiation") != std::string::npos);
        CHECK(f.evidence.at("renegotiations_completed") == 0);
        CHECK(f.evidence.at("end") == "refused");
        CHECK(f.evidence.at("endpoint") == "198.51.100.20:443");
    }
    SUBCASE("a close after the request is a refusal too") {
        const auto f = judge_reneg(renegotiation(0, end::refused, "renegotiation 1: the server closed the connection"));
        CHECK(f.outcome == "refused");
    }
    SUBCASE("allowed three times, then refused: warn") {
        const auto f = judge_reneg(renegotiation(3, end::refused, "renegotiation 4: alert: no renegotiation"));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "limited");
        CHECK(f.summary.find("allowed 3 ") != std::string::npos);
    }
    SUBCASE("allowed ten times, then refused: still warn (at most 10)") {
        const auto f = judge_reneg(renegotiation(10, end::refused, "renegotiation 11: alert: no renegotiation"));
        CHECK(f.outcome == "limited");
    }
    SUBCASE("all eleven completed: fail") {
        auto b = renegotiation(11, end::all_completed, "every one");
        b.renegotiations_asked = 11;
        const auto f = judge_reneg(b);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "allowed");
        CHECK(f.evidence.at("renegotiations_asked") == 11);
    }
    SUBCASE("the server went silent after the request: error, never pass") {
        const auto f = judge_reneg(renegotiation(0, end::no_answer, "renegotiation 1: no answer within 10000 ms"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "no-answer");
    }
    SUBCASE("the first TLS <= 1.2 handshake refused although the scan saw TLS 1.2: error") {
        const auto f = judge_reneg(renegotiation(0, end::no_handshake, "alert: handshake failure"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "handshake-refused");
    }
    SUBCASE("an ending this osescan does not know (a newer facts file): error") {
        const auto f = judge_reneg(renegotiation(0, "sideways", ""));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "unreadable");
    }
    SUBCASE("the probe could not connect: error with the probe's kind") {
        const auto f = judge_reneg(test::probe_error(facts::probe_error::timeout, "no TCP connection"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
        CHECK(f.evidence.at("endpoint") == "198.51.100.20:443");
    }
    SUBCASE("TLS 1.3 only: not applicable, no probe asked") {
        const auto f = judge(check_tls_client_renegotiation, aspect::client_renegotiation, {"TLSv1.3"}, nullptr);
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-tls12");
    }
    SUBCASE("no TLS at all: not applicable") {
        const auto f = judge(check_tls_client_renegotiation, aspect::client_renegotiation, {}, nullptr);
        CHECK(f.outcome == "no-tls");
    }
}

TEST_CASE("tls.zero_rtt: outcomes") {
    namespace early = facts::early_data_status;
    SUBCASE("tickets with max_early_data 0: pass") {
        const auto f = judge_zero_rtt(zero_rtt(early::not_offered));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "not-offered");
        CHECK(f.evidence.at("max_early_data") == 0);
    }
    SUBCASE("no ticket at all: pass") {
        const auto f = judge_zero_rtt(zero_rtt(early::no_ticket));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "no-ticket");
    }
    SUBCASE("early data offered in the ticket but rejected on resumption: pass") {
        const auto f = judge_zero_rtt(zero_rtt(early::rejected, 16384));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "rejected");
        CHECK(f.evidence.at("max_early_data") == 16384);
    }
    SUBCASE("accepted and answered 425 Too Early: pass") {
        const auto f = judge_zero_rtt(zero_rtt(early::accepted, 16384, 425, "HTTP/1.1 425 Too Early"));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "too-early");
        CHECK(f.evidence.at("status_line") == "HTTP/1.1 425 Too Early");
        CHECK(f.evidence.at("early_data") == "accepted");
    }
    SUBCASE("accepted and answered 200: fail, the status line as evidence") {
        const auto f = judge_zero_rtt(zero_rtt(early::accepted, 16384, 200, "HTTP/1.1 200 OK"));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "replayable");
        CHECK(f.summary.find("HTTP/1.1 200 OK") != std::string::npos);
        CHECK(f.evidence.at("status") == 200);
        CHECK(f.evidence.at("resumed") == true);
    }
    SUBCASE("accepted but no HTTP answer: error, never pass") {
        const auto f = judge_zero_rtt(zero_rtt(early::accepted, 16384));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "accepted-no-answer");
    }
    SUBCASE("a status line with control bytes is displayed escaped") {
        const auto f = judge_zero_rtt(zero_rtt(early::accepted, 16384, 200, std::string("HTTP/1.1 200 \x1b[31mOK")));
        CHECK(f.outcome == "replayable");
        CHECK(f.summary.find('\x1b') == std::string::npos);
    }
    SUBCASE("the TLS 1.3 handshake refused although the scan saw TLS 1.3: error") {
        const auto f = judge_zero_rtt(zero_rtt(early::no_tls13));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "handshake-refused");
    }
    SUBCASE("an unknown state: error") {
        const auto f = judge_zero_rtt(zero_rtt("maybe"));
        CHECK(f.outcome == "unreadable");
    }
    SUBCASE("probe error: error") {
        const auto f = judge_zero_rtt(test::probe_error(facts::probe_error::connection_refused, "connect"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-connection-refused");
    }
    SUBCASE("no TLS 1.3: not applicable") {
        const auto f = judge(check_tls_zero_rtt, aspect::zero_rtt, {"TLSv1.2"}, nullptr);
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-tls13");
    }
    SUBCASE("no TLS: not applicable") {
        const auto f = judge(check_tls_zero_rtt, aspect::zero_rtt, {}, nullptr);
        CHECK(f.outcome == "no-tls");
    }
}

TEST_CASE("tls-behaviour checks: versions first, then every address's behaviour fact in one round") {
    FactsFixture f;
    f.addresses({k_scan_v4}, {k_scan_v6});
    {
        const auto live = f.live();
        CHECK_THROWS_AS(check_tls_zero_rtt(live), facts::FactsPending);
        CHECK(live.missing().size() == 2);  // the versions scan of both addresses
    }
    f.tls_scan(f.scan_request(k_scan_v4, "versions"), versions_fact({"TLSv1.3"}));
    f.tls_scan(f.scan_request(k_scan_v6, "versions"), versions_fact({"TLSv1.3", "TLSv1.2"}));
    {
        const auto live = f.live();
        CHECK_THROWS_AS(check_tls_zero_rtt(live), facts::FactsPending);
        REQUIRE(live.missing().size() == 2);
        const auto* request = std::get_if<facts::TlsBehaviourRequest>(&live.missing()[0]);
        REQUIRE(request != nullptr);
        CHECK(request->aspect == "zero-rtt");
        CHECK(request->host == "example.test");
        CHECK(request->sni == "example.test");
        CHECK(request->path == "/");
    }
    {
        // Renegotiation is asked only where TLS <= 1.2 is spoken (the IPv6 address).
        const auto live = f.live();
        CHECK_THROWS_AS(check_tls_client_renegotiation(live), facts::FactsPending);
        REQUIRE(live.missing().size() == 1);
        CHECK(std::get<facts::TlsBehaviourRequest>(live.missing()[0]).address == k_scan_v6);
    }
}
