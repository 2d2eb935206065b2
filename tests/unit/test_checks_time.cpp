// The time family (nts.ke, nts.ntp, ntp.time) on recorded NTS and NTP facts: every outcome,
// the servers of nts:// targets and of --ntp-server, and the requests asked in live mode.

#include <doctest/doctest.h>

#include "checks/registry.hpp"
#include "facts/facts_json.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {

constexpr const char* k_address = "198.51.100.130";
constexpr const char* k_subject = "time.example 198.51.100.130:4460";

facts::NtsRequest nts_request() { return facts::NtsRequest{"time.example", k_address, 4460}; }
facts::NtpRequest ntp_request() { return facts::NtpRequest{k_address, 123}; }

facts::NtpExchange good_ntp(const std::string& address = k_address, uint16_t port = 123) {
    facts::NtpExchange e;
    e.outcome = facts::ntp_outcome::ok;
    e.address = address;
    e.port = port;
    e.sample.leap = 0;
    e.sample.version = 4;
    e.sample.mode = 4;
    e.sample.stratum = 2;
    e.sample.reference_id = "C0000201";
    e.sample.offset_ms = 0.4;
    e.sample.delay_ms = 0.2;
    e.sample.root_delay_ms = 10;
    e.sample.root_dispersion_ms = 5;
    e.sample.root_distance_ms = 10.1;
    e.extension_fields = 3;
    e.new_cookies = 1;
    return e;
}

facts::NtsExchange good_exchange() {
    facts::NtsExchange e;
    e.tls = test::accepted_handshake("TLSv1.3");
    e.tls.alpn = "ntske/1";
    e.tls.chain.front().san_dns = {"time.example"};
    e.ke_completed = true;
    e.records = {{1, true, 2}, {4, false, 2}, {5, false, 100}, {0, true, 0}};
    e.next_protocols = {0};
    e.aead_algorithms = {15};
    e.cookies = 8;
    e.cookie_bytes = 100;
    e.ntp = good_ntp();
    return e;
}

struct TimeFixture {
    FactsFixture f{"time.example", 4460};
    TimeFixture() {
        f.target.input = "nts://time.example";
        f.addresses({k_address}, {});
    }
    TimeFixture& nts(facts::Observed<facts::NtsExchange> result) {
        f.store.put(facts::Observation{nts_request(), facts::Result(std::move(result)), 0});
        return *this;
    }
    TimeFixture& ntp(facts::Observed<facts::NtpExchange> result) {
        f.store.put(facts::Observation{ntp_request(), facts::Result(std::move(result)), 0});
        return *this;
    }
    checks::Finding judge(const char* id) const {
        const auto findings = checks::find_check(id)->run(f.replay());
        REQUIRE(findings.size() == 1);
        return findings.front();
    }
};

checks::Finding ke(facts::Observed<facts::NtsExchange> result) {
    TimeFixture t;
    t.nts(std::move(result));
    return t.judge("nts.ke");
}

checks::Finding ntp_check(facts::Observed<facts::NtsExchange> result) {
    TimeFixture t;
    t.nts(std::move(result));
    return t.judge("nts.ntp");
}

checks::Finding time_check(facts::Observed<facts::NtsExchange> nts, facts::Observed<facts::NtpExchange> plain) {
    TimeFixture t;
    t.nts(std::move(nts)).ntp(std::move(plain));
    return t.judge("ntp.time");
}

}  // namespace

TEST_CASE("nts.ke: outcomes") {
    SUBCASE("a complete key exchange: pass, the records and algorithm in evidence") {
        const auto f = ke(good_exchange());
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "nts-ke-ok");
        CHECK(f.subject == k_subject);
        CHECK(f.evidence.at("aead_algorithms") == nlohmann::json::array({15}));
        CHECK(f.evidence.at("records").size() == 4);
        CHECK(f.evidence.at("cookies") == 8);
    }
    SUBCASE("nothing listening: fail") {
        const auto f = ke(test::probe_error(facts::probe_error::connection_refused, "connect: refused"));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "no-nts-ke");
    }
    SUBCASE("a timeout: could not tell") {
        const auto f = ke(test::probe_error(facts::probe_error::timeout, "no answer"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
    }
    SUBCASE("no TLS 1.3 handshake: fail") {
        auto e = good_exchange();
        e.tls = test::refused_handshake("tlsv1 alert protocol version");
        const auto f = ke(e);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "tls-failed");
    }
    SUBCASE("certificate problems: fail, each its own outcome") {
        auto untrusted = good_exchange();
        untrusted.tls.verify_ok = false;
        untrusted.tls.verify_message = "self-signed certificate";
        CHECK(ke(untrusted).outcome == "certificate-untrusted");
        auto wrong = good_exchange();
        wrong.tls.name_matches = false;
        CHECK(ke(wrong).outcome == "certificate-wrong-name");
        auto expired = good_exchange();
        expired.tls.chain.front().not_after = test::k_test_now - test::k_day;
        const auto f = ke(expired);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "certificate-expired");
    }
    SUBCASE("protocol failures: fail") {
        auto alpn = good_exchange();
        alpn.tls.alpn = "";
        CHECK(ke(alpn).outcome == "no-alpn");
        auto incomplete = good_exchange();
        incomplete.ke_completed = false;
        incomplete.ke_failure = "the server closed the connection before End of Message";
        CHECK(ke(incomplete).outcome == "ke-failed");
        auto error = good_exchange();
        error.error_code = 1;
        CHECK(ke(error).outcome == "ke-error");
        auto critical = good_exchange();
        critical.unknown_critical = {99};
        CHECK(ke(critical).outcome == "ke-unknown-critical");
        auto protocol = good_exchange();
        protocol.next_protocols = {};
        CHECK(ke(protocol).outcome == "no-ntpv4");
        auto aead = good_exchange();
        aead.aead_algorithms = {17};
        const auto a = ke(aead);
        CHECK(a.outcome == "aead-not-agreed");
        CHECK(a.summary.find("17") != std::string::npos);
        auto cookies = good_exchange();
        cookies.cookies = 0;
        const auto c = ke(cookies);
        CHECK(c.status == Status::fail);
        CHECK(c.outcome == "no-cookies");
    }
}

TEST_CASE("nts.ntp: outcomes") {
    SUBCASE("an authenticated reply: pass, the packet's fields in evidence") {
        const auto f = ntp_check(good_exchange());
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "nts-time");
        CHECK(f.evidence.at("packet").at("stratum") == 2);
        CHECK(f.evidence.at("new_cookies") == 1);
    }
    SUBCASE("no key exchange, or no cookie from it: fail") {
        CHECK(ntp_check(test::probe_error(facts::probe_error::connection_refused)).outcome == "no-cookie");
        auto e = good_exchange();
        e.ntp = facts::NtpExchange{};
        e.ntp.detail = "the server sent no cookie";
        const auto f = ntp_check(e);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "no-cookie");
    }
    SUBCASE("NTS NAK, a bad authenticator, no answer, a bad reply: fail") {
        for (const auto& [kind, outcome] :
             std::vector<std::pair<std::string, std::string>>{{facts::ntp_outcome::nts_nak, "nts-nak"},
                                                              {facts::ntp_outcome::bad_authenticator,
                                                               "bad-authenticator"},
                                                              {facts::ntp_outcome::no_answer, "no-answer"},
                                                              {facts::ntp_outcome::refused, "no-answer"},
                                                              {facts::ntp_outcome::bad_origin, "bad-reply"},
                                                              {facts::ntp_outcome::kiss, "bad-reply"},
                                                              {facts::ntp_outcome::malformed, "bad-reply"}}) {
            auto e = good_exchange();
            e.ntp.outcome = kind;
            e.ntp.detail = "detail";
            const auto f = ntp_check(e);
            CHECK(f.status == Status::fail);
            CHECK(f.outcome == outcome);
        }
    }
}

TEST_CASE("ntp.time: outcomes") {
    SUBCASE("NTS and plain NTP answer, in sync: pass with stratum, offset and root distance") {
        const auto f = time_check(good_exchange(), good_ntp());
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "time-ok");
        CHECK(f.summary.find("offset 0.4 ms") != std::string::npos);
        CHECK(f.evidence.at("nts") == true);
    }
    SUBCASE("plain NTP only: info") {
        const auto f = time_check(test::probe_error(facts::probe_error::connection_refused), good_ntp());
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "plain-ntp-only");
    }
    SUBCASE("more than a second off: warn") {
        auto e = good_exchange();
        e.ntp.sample.offset_ms = -1500;
        const auto f = time_check(e, good_ntp());
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "offset-large");
    }
    SUBCASE("unsynchronised: warn") {
        auto e = good_exchange();
        e.ntp.sample.leap = 3;
        CHECK(time_check(e, good_ntp()).outcome == "unsynchronised");
    }
    SUBCASE("no answer at all: warn") {
        auto e = good_exchange();
        e.ntp.outcome = facts::ntp_outcome::refused;
        auto plain = good_ntp();
        plain.outcome = facts::ntp_outcome::refused;
        plain.detail = "receive: Connection refused";
        const auto f = time_check(e, plain);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "no-time");
    }
}

TEST_CASE("time checks: which servers") {
    SUBCASE("a domain target without --ntp-server: not applicable") {
        FactsFixture f;
        for (const char* id : {"nts.ke", "nts.ntp", "ntp.time"}) {
            const auto findings = checks::find_check(id)->run(f.replay());
            REQUIRE(findings.size() == 1);
            CHECK(findings.front().status == Status::not_applicable);
            CHECK(findings.front().outcome == "no-time-servers");
        }
    }
    SUBCASE("--ntp-server (the scan context): its addresses, then one NTS fact per address, in two rounds") {
        FactsFixture f;
        f.context.settings["time.servers"] = nlohmann::json::array({{{"host", "ntp.example.test"}, {"port", 4460}}});
        const auto live = f.live();
        CHECK_THROWS_AS(checks::find_check("nts.ke")->run(live), facts::FactsPending);
        CHECK(test::missing_keys(live) ==
              std::vector<std::string>{"dns:stub:ntp.example.test/A", "dns:stub:ntp.example.test/AAAA"});
    }
    SUBCASE("an IP time server needs no DNS and no name") {
        FactsFixture f;
        f.context.settings["time.servers"] =
            nlohmann::json::array({{{"host", "198.51.100.123"}, {"is_ip", true}, {"port", 4460}}});
        const auto live = f.live();
        CHECK_THROWS_AS(checks::find_check("nts.ke")->run(live), facts::FactsPending);
        CHECK(test::missing_keys(live) == std::vector<std::string>{"nts:198.51.100.123:4460:sni="});
    }
}

TEST_CASE("nts and ntp facts round-trip through JSON") {
    facts::Observation nts{nts_request(), facts::Result(facts::Observed<facts::NtsExchange>(good_exchange())), 12};
    const nlohmann::json j = nts;
    const facts::Observation back = facts::observation_from_json(j);
    CHECK(facts::request_key(back.request) == "nts:198.51.100.130:4460:sni=time.example");
    CHECK(std::get<facts::Observed<facts::NtsExchange>>(back.result).value() == good_exchange());
    facts::Observation ntp{ntp_request(), facts::Result(facts::Observed<facts::NtpExchange>(good_ntp())), 3};
    const facts::Observation ntp_back = facts::observation_from_json(nlohmann::json(ntp));
    CHECK(std::get<facts::Observed<facts::NtpExchange>>(ntp_back.result).value() == good_ntp());
    facts::Target target;
    target.host = "time.example";
    target.port = 4460;
    target.input = "nts://time.example";
    CHECK(nlohmann::json(target).get<facts::Target>() == target);
    CHECK(facts::is_time_server(target));
    target.input = "time.example";
    CHECK_FALSE(facts::is_time_server(target));
}
