// WireTlsScanProber after SMTP STARTTLS (RFC 3207) against a real Postfix on loopback
// (postfix_server.hpp): every hello on a fresh connection after greeting, EHLO, STARTTLS
// and 220. One smtpd as Debian ships it but for a short TLS 1.2 cipher list, one that also
// accepts TLS 1.0/1.1 with CBC-SHA suites (@SECLEVEL=0, Debian's OpenSSL 3 refuses them
// otherwise), one without STARTTLS, one that greets with 421, one that greets late (to count
// our connections), one with a connection rate limit. An SMTP failure before the
// hello is the fact's error, never a refusal of the version. Skipped (exit 77) without root
// or without /usr/sbin/postfix.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/scan/wire_tls_scan_prober.hpp"
#include "postfix_server.hpp"
#include "tests/engine/skips.hpp"
#include "tls_scan_helpers.hpp"
#include "tls_test_servers.hpp"

using namespace std::chrono_literals;
using osescan::engine::EventLoop;
using osescan::engine::ProbeSettings;
using osescan::engine::tls::scan::WireTlsScanProber;
using osescan::facts::Observed;
using osescan::facts::TlsCode;
using osescan::facts::TlsScan;
using osescan::facts::TlsScanRequest;
namespace probe_error = osescan::facts::probe_error;
namespace tls_test = osescan::engine::tls_test;
using osescan::engine::tls_test::accepted;
using osescan::engine::tls_test::sorted_ids;

namespace {

constexpr size_t k_modern = 0, k_weak = 1, k_plain = 2, k_busy = 3, k_slow = 4, k_limited = 5;
const std::vector<std::string> k_services = {
    "-o smtpd_tls_protocols=>=TLSv1.2 -o smtpd_tls_ciphers=high"
    " -o tls_high_cipherlist=ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256",
    "-o smtpd_tls_protocols=>=TLSv1 -o smtpd_tls_ciphers=medium"
    " -o tls_medium_cipherlist=ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:@SECLEVEL=0",
    "-o smtpd_tls_security_level=none",
    // RFC 5321 §3.1: a server may answer the connection with 421 (here: Postfix's "defer"
    // client restriction at connect time, its code set to 421).
    "-o smtpd_delay_reject=no -o smtpd_client_restrictions=defer -o defer_code=421",
    // Greets after 2 s (the "sleep" restriction at connect time): to count our connections.
    "-o smtpd_delay_reject=no -o { smtpd_client_restrictions = sleep 2 }",
    // A rate limit of 3 connections a minute (anvil; loopback is not exempt here), as mail
    // servers set against scanners.
    "-o smtpd_client_connection_rate_limit=3 -o smtpd_client_event_limit_exceptions=",
};

// Our established TCP connections to `port` on loopback now (ss(8)).
int connections_to(uint16_t port) {
    const std::string command = "ss -Htn state established '( dport = :" + std::to_string(port) + " )' | wc -l";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return -1;
    int count = -1;
    if (std::fscanf(pipe, "%d", &count) != 1) count = -1;
    ::pclose(pipe);
    return count;
}

int count_of(const std::string& text, const std::regex& pattern) {
    return static_cast<int>(
        std::distance(std::sregex_iterator(text.begin(), text.end(), pattern), std::sregex_iterator()));
}

struct Scanner {
    int handshakes = 0;  // over every fact that ended well
    EventLoop loop;
    ProbeSettings settings;
    std::optional<WireTlsScanProber> prober;
    Scanner() {
        settings.timeout = 5000ms;
        settings.ehlo_name = "scanner.example.test";
        settings.smtp_per_host = 2;
        prober.emplace(loop, settings);
    }
    Observed<TlsScan> run(uint16_t port, const std::string& aspect, const std::string& version) {
        std::optional<Observed<TlsScan>> result;
        const auto started = std::chrono::steady_clock::now();
        prober->scan(TlsScanRequest{"127.0.0.1", port, "mx.example.test", aspect, version, "smtp"},
                     [&](Observed<TlsScan> r) { result = std::move(r); });
        CHECK_FALSE(result.has_value());  // never from inside scan()
        loop.run_until([&] { return result.has_value(); });
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        if (result->ok()) handshakes += result->value().handshakes;
        if (result->ok())
            MESSAGE("STARTTLS " << aspect << " " << version << ": " << result->value().handshakes << " handshakes in "
                                << ms.count() << " ms");
        return *result;
    }
};

std::string describe(const Observed<TlsScan>& r) { return r.ok() ? "ok" : r.error().kind + ": " + r.error().detail; }

}  // namespace

TEST_CASE("tls scan after STARTTLS: Postfix's versions, suites and features; SMTP failures are errors") {
    if (auto why = tls_test::postfix_cannot_run()) return osescan::engine::test::skip(*why);
    tls_test::PostfixServer postfix(tls_test::postfix_pki(), k_services);
    REQUIRE_MESSAGE(postfix.started(), "postfix did not start; see its log");
    Scanner scanner;

    const auto versions = scanner.run(postfix.port(k_modern), "versions", "");
    REQUIRE_MESSAGE(versions.ok(), describe(versions));
    CHECK(accepted(versions.value()) == std::vector<std::string>{"TLSv1.3", "TLSv1.2"});
    CHECK(versions.value().handshakes == 6);  // one hello per version, each its own SMTP session

    const auto c12 = scanner.run(postfix.port(k_modern), "ciphers", "TLSv1.2");
    REQUIRE_MESSAGE(c12.ok(), describe(c12));
    CHECK(sorted_ids(c12.value().suites) == std::vector<uint32_t>{0xC02B, 0xC02C});

    const auto c13 = scanner.run(postfix.port(k_modern), "ciphers", "TLSv1.3");
    REQUIRE_MESSAGE(c13.ok(), describe(c13));
    CHECK(sorted_ids(c13.value().suites) == std::vector<uint32_t>{0x1301, 0x1302, 0x1303});  // OpenSSL's defaults

    const auto features = scanner.run(postfix.port(k_modern), "features", "TLSv1.2");
    REQUIRE_MESSAGE(features.ok(), describe(features));
    CHECK(features.value().secure_renegotiation);
    CHECK(features.value().extended_master_secret);
    CHECK_FALSE(features.value().compression);
    CHECK(features.value().handshakes == 2);  // the versions fact of this address came from the cache

    const auto weak = scanner.run(postfix.port(k_weak), "versions", "");
    REQUIRE_MESSAGE(weak.ok(), describe(weak));
    CHECK(accepted(weak.value()) == std::vector<std::string>{"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"});
    const auto c10 = scanner.run(postfix.port(k_weak), "ciphers", "TLSv1");
    REQUIRE_MESSAGE(c10.ok(), describe(c10));
    CHECK(sorted_ids(c10.value().suites) == std::vector<uint32_t>{0xC009, 0xC00A});

    // No STARTTLS: the versions fact is an error, so no check can read "TLS 1.0 refused".
    const auto plain = scanner.run(postfix.port(k_plain), "versions", "");
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().kind == probe_error::smtp_rejected);
    CHECK(plain.error().detail.find("STARTTLS not offered") != std::string::npos);

    const auto busy = scanner.run(postfix.port(k_busy), "ciphers", "TLSv1.2");
    REQUIRE_FALSE(busy.ok());
    CHECK(busy.error().kind == probe_error::smtp_temporary);
    CHECK(busy.error().detail.find("greeting: 421") != std::string::npos);

    // A rate limit met half-way is the fact's error with the server's words, not a refusal.
    const auto limited = scanner.run(postfix.port(k_limited), "versions", "");
    REQUIRE_FALSE(limited.ok());
    CHECK(limited.error().kind == probe_error::smtp_temporary);
    CHECK(limited.error().detail.find("greeting: 421") != std::string::npos);
    CHECK(limited.error().detail.find("too many connections") != std::string::npos);

    // One SMTP session per hello, nothing more; the two failing facts had the cap's two
    // connections open when the first answer ended the fact.
    std::this_thread::sleep_for(500ms);
    const std::string log = postfix.log();
    const int sessions = count_of(log, std::regex(R"(smtpd\[[0-9]+\]: connect from )"));
    MESSAGE("SMTP sessions: " << sessions << " for " << scanner.handshakes << " hellos");
    // The limited one: 3 hellos and the 421, and a 5th when the 3rd hello was answered before
    // the 421 came (the cap's second slot).
    CHECK(sessions >= scanner.handshakes + 2 + 2 + 4);
    CHECK(sessions <= scanner.handshakes + 2 + 2 + 5);
    CHECK(log.find("too many connections") == std::string::npos);

    // The SMTP cap (--smtp-connections 2), not the scan's (4): 6 hellos queued, 2 connected.
    bool called = false;
    auto cancel = scanner.prober->scan(TlsScanRequest{"127.0.0.1", postfix.port(k_slow), "", "versions", "", "smtp"},
                                       [&](Observed<TlsScan>) { called = true; });
    bool tick = false;
    scanner.loop.after(700ms, [&] { tick = true; });
    scanner.loop.run_until([&] { return tick; });
    CHECK(connections_to(postfix.port(k_slow)) == 2);
    cancel();
    CHECK(connections_to(postfix.port(k_slow)) == 0);
    CHECK_FALSE(called);
}
