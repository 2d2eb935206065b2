// The SMTP prober against a real Postfix (Debian's) on loopback (postfix_server.hpp): one
// smtpd with STARTTLS (the test CA's EC leaf for www.example.test), one without
// (smtpd_tls_security_level = none), one that answers EHLO with 450 (a greylisting-like
// "not now"). Skipped (exit 77) without root or without /usr/sbin/postfix.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/smtp/smtp_prober.hpp"
#include "postfix_server.hpp"
#include "tests/engine/skips.hpp"
#include "tls_test_servers.hpp"

using namespace std::chrono_literals;
using osescan::engine::EventLoop;
using osescan::engine::ProbeSettings;
using osescan::engine::SmtpSessionProber;
using osescan::facts::Observed;
using osescan::facts::SmtpRequest;
using osescan::facts::SmtpSession;
namespace probe_error = osescan::facts::probe_error;
namespace tls_test = osescan::engine::tls_test;

namespace {

using tls_test::PostfixServer;

// The three smtpd services of the tests below.
constexpr size_t k_tls = 0, k_plain = 1, k_defer = 2;
const std::vector<std::string> k_services = {
    "",
    "-o smtpd_tls_security_level=none",
    "-o smtpd_delay_reject=no -o smtpd_helo_required=yes -o smtpd_helo_restrictions=defer",
};

const tls_test::TestPki& pki() { return tls_test::postfix_pki(); }

Observed<SmtpSession> converse(uint16_t port, std::chrono::milliseconds timeout = 5000ms, size_t per_host = 2) {
    EventLoop loop;
    ProbeSettings settings;
    settings.timeout = timeout;
    settings.ca_file = pki().ca_cert();
    settings.ehlo_name = "scanner.example.test";
    settings.smtp_per_host = per_host;
    SmtpSessionProber prober(loop, settings);
    std::optional<Observed<SmtpSession>> result;
    prober.converse(SmtpRequest{"127.0.0.1", port, "www.example.test"},
                    [&](Observed<SmtpSession> r) { result = std::move(r); });
    const auto give_up = std::chrono::steady_clock::now() + timeout * 8 + 5s;
    loop.run_until([&] { return result.has_value() || std::chrono::steady_clock::now() > give_up; });
    REQUIRE(result.has_value());
    return *result;
}

}  // namespace

TEST_CASE("smtp prober: Postfix with STARTTLS, without, and a 4xx to EHLO") {
    if (auto why = tls_test::postfix_cannot_run()) return osescan::engine::test::skip(*why);
    PostfixServer postfix(pki(), k_services);
    REQUIRE_MESSAGE(postfix.started(), "postfix did not start; see its log");

    const auto with_tls = converse(postfix.port(k_tls));
    const std::string detail = with_tls.ok() ? "" : with_tls.error().kind + ": " + with_tls.error().detail;
    REQUIRE_MESSAGE(with_tls.ok(), detail);
    const SmtpSession& s = with_tls.value();
    CHECK(s.greeting.code == 220);
    CHECK(s.greeting.text.find("mx.example.test ESMTP") != std::string::npos);
    CHECK(s.ehlo.code == 250);
    CHECK(s.starttls_offered);
    CHECK(std::find(s.extensions.begin(), s.extensions.end(), "PIPELINING") != s.extensions.end());
    CHECK(s.starttls.code == 220);
    REQUIRE(s.tls_attempted);
    CHECK(s.tls.accepted);
    CHECK(s.tls.version == "TLSv1.3");
    REQUIRE(!s.tls.chain.empty());
    CHECK(s.tls.chain[0].key_type == "EC");
    CHECK(s.tls.verify_ok);     // the test CA is trusted (ca_file)
    CHECK(s.tls.name_matches);  // SNI www.example.test, the leaf's name

    const auto plain = converse(postfix.port(k_plain));
    REQUIRE(plain.ok());
    CHECK(plain.value().ehlo.code == 250);
    CHECK_FALSE(plain.value().starttls_offered);
    CHECK_FALSE(plain.value().tls_attempted);
    CHECK(plain.value().starttls.code == 0);

    const auto deferred = converse(postfix.port(k_defer));
    REQUIRE_FALSE(deferred.ok());
    CHECK(deferred.error().kind == probe_error::smtp_temporary);
    CHECK(deferred.error().detail.rfind("EHLO: 450", 0) == 0);

    // Our QUIT reached Postfix after each conversation (RFC 5321 §4.1.1.10): its log says so.
    std::this_thread::sleep_for(500ms);
    const std::string text = postfix.log();
    CHECK(text.find("quit=1") != std::string::npos);
    CHECK(text.find("starttls=1") != std::string::npos);
}

TEST_CASE("smtp prober: refused and silent servers are errors, never facts") {
    const uint16_t closed = tls_test::free_tcp_port("127.0.0.1");
    const auto refused = converse(closed);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == probe_error::connection_refused);

    tls_test::SilentListener silent("127.0.0.1");
    const auto started = std::chrono::steady_clock::now();
    const auto timed_out = converse(silent.port(), 300ms);
    REQUIRE_FALSE(timed_out.ok());
    CHECK(timed_out.error().kind == probe_error::timeout);
    CHECK(timed_out.error().detail.find("greeting") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
}
