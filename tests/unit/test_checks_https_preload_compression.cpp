// hsts.preload and http.compression: facts in, findings out.
#include <doctest/doctest.h>

#include "checks/https/hsts_preload.hpp"
#include "checks/https/http_compression.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_ready = "max-age=63072000; includeSubDomains; preload";

facts::HttpResponse https_page(const std::vector<facts::HttpHeader>& headers, const std::string& accept = "gzip, br") {
    facts::HttpResponse r = test::http_response(200, headers);
    r.accept_encoding = accept;
    return r;
}

checks::Finding preload(const std::string& sts, facts::Observed<facts::HttpResponse> plain,
                        const std::string& host = "example.test") {
    FactsFixture f(host);
    f.addresses({k_v4}, {});
    f.http(f.https_first(k_v4), https_page({{"Strict-Transport-Security", sts}}));
    f.http(f.http_first(k_v4), std::move(plain));
    f.default_handshake(k_v4, test::accepted_handshake());
    f.context.now = test::k_test_now;
    const auto findings = checks::https::check_hsts_preload(f.replay());
    REQUIRE(findings.size() == 1);
    return findings.front();
}

facts::HttpResponse redirect_to(const std::string& location) {
    return test::http_response(301, {{"Location", location}});
}
}  // namespace

TEST_CASE("hsts.preload: outcomes") {
    SUBCASE("ready") {
        const auto f = preload(k_ready, redirect_to("https://example.test/"));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "ready");
    }
    SUBCASE("nothing on port 80 is fine") {
        CHECK(preload(k_ready, test::probe_error("connection-refused")).outcome == "ready");
    }
    SUBCASE("not ready: each missing requirement named") {
        const auto f = preload("max-age=86400", redirect_to("https://www.example.test/"));
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "not-ready");
        CHECK(f.evidence.at("missing").size() == 4);
        CHECK(f.summary.find("includeSubDomains") != std::string::npos);
        CHECK(f.summary.find("same host") != std::string::npos);
    }
    SUBCASE("a subdomain is not what the list takes") {
        FactsFixture fx("www.example.com");
        const auto findings = checks::https::check_hsts_preload(fx.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::info);
        CHECK(findings[0].outcome == "not-base-domain");
        CHECK(findings[0].evidence.at("base_domain") == "example.com");
    }
    SUBCASE("port 80 timing out: error") {
        CHECK(preload(k_ready, test::probe_error("timeout")).status == Status::error);
    }
}

TEST_CASE("http.compression: outcomes") {
    const auto judge = [](const facts::HttpResponse& response) {
        FactsFixture f;
        f.addresses({k_v4}, {});
        f.http(f.https_first(k_v4), response);
        const auto findings = checks::https::check_http_compression(f.replay());
        REQUIRE(findings.size() == 1);
        return findings.front();
    };
    auto f = judge(https_page({{"Content-Encoding", "gzip"}}));
    CHECK(f.status == Status::info);
    CHECK(f.outcome == "compressed");
    CHECK(f.evidence.at("content_encoding") == "gzip");
    f = judge(https_page({{"Content-Type", "text/html"}}));
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "uncompressed");
    CHECK(judge(https_page({{"Content-Encoding", "identity"}})).outcome == "uncompressed");
    // Facts recorded without an Accept-Encoding offer cannot tell.
    f = judge(https_page({}, ""));
    CHECK(f.status == Status::error);
    CHECK(f.outcome == "not-offered");
}
