// The SMTP prober against a real Postfix (Debian's) on loopback, run from a throwaway
// configuration directory: one smtpd with STARTTLS (the test CA's EC leaf for
// www.example.test), one without (smtpd_tls_security_level = none), one that answers EHLO
// with 450 (a greylisting-like "not now"). Skipped (exit 77) without root or without
// /usr/sbin/postfix: Postfix refuses to run its mail owner as uid 0, so it needs real root.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>

#include "engine/smtp/smtp_prober.hpp"
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

constexpr const char* k_postfix = "/usr/sbin/postfix";

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

int run_quietly(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

// Postfix's master and the three smtpd services, stopped (postfix stop) by the destructor.
class PostfixServer {
public:
    explicit PostfixServer(const tls_test::TestPki& pki) {
        ::chmod(m_dir.path().c_str(), 0755);  // the postfix user reaches its queue through it
        m_tls_port = tls_test::free_tcp_port("127.0.0.1");
        m_plain_port = tls_test::free_tcp_port("127.0.0.1");
        m_defer_port = tls_test::free_tcp_port("127.0.0.1");
        const std::string d = m_dir.path();
        ::mkdir((d + "/conf").c_str(), 0755);
        ::mkdir((d + "/queue").c_str(), 0755);
        ::mkdir((d + "/data").c_str(), 0755);
        run_quietly("chown postfix " + d + "/data");
        write_file(d + "/conf/main.cf",
                   "compatibility_level = 3.6\n"
                   "queue_directory = " +
                       d +
                       "/queue\n"
                       "data_directory = " +
                       d +
                       "/data\n"
                       "maillog_file = " +
                       d +
                       "/postfix.log\n"
                       "maillog_file_prefixes = " +
                       d +
                       "\n"
                       "myhostname = mx.example.test\n"
                       "mydestination =\n"
                       "inet_interfaces = 127.0.0.1\n"
                       "inet_protocols = ipv4\n"
                       "smtpd_tls_security_level = may\n"
                       "smtpd_tls_chain_files = " +
                       pki.ec_key() + ", " + pki.ec_cert() +
                       "\n"
                       "smtpd_relay_restrictions = reject\n"
                       "alias_maps =\nalias_database =\nlocal_recipient_maps =\nbiff = no\n");
        write_file(d + "/conf/master.cf",
                   "127.0.0.1:" + std::to_string(m_tls_port) + " inet n - n - - smtpd\n" + "127.0.0.1:" +
                       std::to_string(m_plain_port) + " inet n - n - - smtpd -o smtpd_tls_security_level=none\n" +
                       "127.0.0.1:" + std::to_string(m_defer_port) +
                       " inet n - n - - smtpd -o smtpd_delay_reject=no -o smtpd_helo_required=yes"
                       " -o smtpd_helo_restrictions=defer\n"
                       // The internal services, as in Debian's master.cf (tlsmgr must have a limit of 1).
                       "pickup unix n - n 60 1 pickup\n"
                       "cleanup unix n - n - 0 cleanup\n"
                       "qmgr unix n - n 300 1 qmgr\n"
                       "tlsmgr unix - - n 1000? 1 tlsmgr\n"
                       "rewrite unix - - n - - trivial-rewrite\n"
                       "bounce unix - - n - 0 bounce\n"
                       "defer unix - - n - 0 bounce\n"
                       "trace unix - - n - 0 bounce\n"
                       "verify unix - - n - 1 verify\n"
                       "proxymap unix - - n - - proxymap\n"
                       "anvil unix - - n - 1 anvil\n"
                       "scache unix - - n - 1 scache\n"
                       "error unix - - n - - error\n"
                       "retry unix - - n - - error\n"
                       "postlog unix-dgram n - n - 1 postlogd\n");
        m_config = d + "/conf";
        if (run_quietly(std::string(k_postfix) + " -c " + m_config + " start") != 0) {
            m_config.clear();
            return;
        }
        m_started = true;
        for (int i = 0; i < 100 && !listening(); ++i) std::this_thread::sleep_for(100ms);
    }
    ~PostfixServer() {
        if (m_started) run_quietly(std::string(k_postfix) + " -c " + m_config + " stop");
    }
    PostfixServer(const PostfixServer&) = delete;
    PostfixServer& operator=(const PostfixServer&) = delete;

    bool started() const { return m_started && listening(); }
    std::string log() const { return m_dir.file("postfix.log"); }
    uint16_t tls_port() const { return m_tls_port; }
    uint16_t plain_port() const { return m_plain_port; }
    uint16_t defer_port() const { return m_defer_port; }

private:
    bool listening() const {
        return run_quietly("ss -Hltn 'sport = :" + std::to_string(m_defer_port) + "' | grep -q .") == 0;
    }
    tls_test::TempDir m_dir;
    std::string m_config;
    bool m_started = false;
    uint16_t m_tls_port = 0, m_plain_port = 0, m_defer_port = 0;
};

struct SharedPki {
    tls_test::TempDir dir;
    tls_test::TestPki pki{dir.path()};
};
const tls_test::TestPki& pki() {
    static SharedPki shared;
    ::chmod(shared.dir.path().c_str(), 0755);
    return shared.pki;
}

// Root and Postfix, or a skip with the reason.
std::optional<std::string> cannot_run() {
    if (::geteuid() != 0) return "needs root (Postfix will not run its mail owner as uid 0 in a user namespace)";
    if (::access(k_postfix, X_OK) != 0) return "no /usr/sbin/postfix (scripts/install-deps installs it)";
    return std::nullopt;
}

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
    if (auto why = cannot_run()) return osescan::engine::test::skip(*why);
    PostfixServer postfix(pki());
    REQUIRE_MESSAGE(postfix.started(), "postfix did not start; see its log");

    const auto with_tls = converse(postfix.tls_port());
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

    const auto plain = converse(postfix.plain_port());
    REQUIRE(plain.ok());
    CHECK(plain.value().ehlo.code == 250);
    CHECK_FALSE(plain.value().starttls_offered);
    CHECK_FALSE(plain.value().tls_attempted);
    CHECK(plain.value().starttls.code == 0);

    const auto deferred = converse(postfix.defer_port());
    REQUIRE_FALSE(deferred.ok());
    CHECK(deferred.error().kind == probe_error::smtp_temporary);
    CHECK(deferred.error().detail.rfind("EHLO: 450", 0) == 0);

    // Our QUIT reached Postfix after each conversation (RFC 5321 §4.1.1.10): its log says so.
    std::this_thread::sleep_for(500ms);
    std::ifstream log(postfix.log());
    const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
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
