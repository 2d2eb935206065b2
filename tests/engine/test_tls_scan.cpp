// WireTlsScanProber against real servers on loopback: openssl s_server (suites, order,
// groups, signature algorithms, a 1024-bit DH group at SECLEVEL 0), the scripted legacy
// server (SSLv2, SSLv3 + RC4 + EXPORT, X25519MLKEM768, no EMS, compression), and a
// listener that answers the first hellos and then goes silent.

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/scan/wire_tls_scan_prober.hpp"
#include "tls_legacy_server.hpp"
#include "tls_scan_helpers.hpp"
#include "tls_test_servers.hpp"

using osescan::engine::EventLoop;
using osescan::engine::ProbeSettings;
using osescan::engine::tls::scan::WireTlsScanProber;
using osescan::facts::Observed;
using osescan::facts::TlsCode;
using osescan::facts::TlsScan;
using osescan::facts::TlsScanRequest;
using osescan::facts::TlsVersionSupport;
namespace tls_test = osescan::engine::tls_test;
using osescan::engine::tls_test::accepted;
using osescan::engine::tls_test::ids;

namespace {

const tls_test::TestPki& pki() {
    static tls_test::TempDir dir;
    static tls_test::TestPki pki{dir.path()};
    return pki;
}

const std::string& scratch_dir() {
    static tls_test::TempDir dir;
    return dir.path();
}

struct Scanner {
    EventLoop loop;
    ProbeSettings settings;
    std::optional<WireTlsScanProber> prober;
    explicit Scanner(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        settings.timeout = timeout;
        prober.emplace(loop, settings);
    }
    Observed<TlsScan> run(uint16_t port, const std::string& aspect, const std::string& version) {
        std::optional<Observed<TlsScan>> result;
        int calls = 0;
        prober->scan(TlsScanRequest{"127.0.0.1", port, "www.example.test", aspect, version, ""},
                     [&](Observed<TlsScan> r) {
                         ++calls;
                         result = std::move(r);
                     });
        CHECK_FALSE(result.has_value());  // never from inside scan()
        loop.run_until([&] { return result.has_value(); });
        CHECK(calls == 1);
        if (result->ok()) MESSAGE(aspect << " " << version << ": " << result->value().handshakes << " handshakes");
        return *result;
    }
};

// RFC 2409 group 2 (1024 bits) as PEM DH parameters (g = 2).
constexpr const char* k_modp1024_pem =
    "-----BEGIN DH PARAMETERS-----\n"
    "MIGHAoGBAP//////////yQ/aoiFowjTExmKLgNwc0SkCTgiKZ8x0Agu+pjsTmyJR\n"
    "Sgh5jjQE3e+VGbPNOkMbMCsKbfJfFDdP4TVtbVHCReSFtXZiXn7G9ExC6aY37WsL\n"
    "/1y29Aa37e44a/taiZ+lrp8kEXxLH+ZJKGZR7OZTgf//////////AgEC\n"
    "-----END DH PARAMETERS-----\n";

// Answers the first `answered` connections with a fatal handshake_failure alert, then
// accepts and never answers.
class GoesSilentServer {
public:
    GoesSilentServer(EventLoop& loop, int answered) : m_loop(loop), m_answered(answered) {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(m_listener, 64) == 0);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_loop.watch(m_listener, true, false, [this](bool, bool, bool) { on_accept(); });
    }
    ~GoesSilentServer() {
        m_loop.unwatch(m_listener);
        ::close(m_listener);
        for (int fd : m_open) ::close(fd);
        for (int fd : m_closing) ::close(fd);
    }
    uint16_t port() const { return m_port; }
    int accepted() const { return m_accepted; }
    int max_open_at_once() const { return m_max_open; }

private:
    void on_accept() {
        for (;;) {
            const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) return;
            ++m_accepted;
            if (m_accepted <= m_answered) {
                const unsigned char alert[] = {21, 3, 3, 0, 2, 2, 40};
                (void)!::send(fd, alert, sizeof alert, MSG_NOSIGNAL);
                ::shutdown(fd, SHUT_WR);
                m_closing.push_back(fd);
                m_loop.after(std::chrono::milliseconds(200), [this, fd] {
                    std::erase(m_closing, fd);
                    ::close(fd);
                });
            } else {
                m_open.push_back(fd);
                m_max_open = std::max(m_max_open, static_cast<int>(m_open.size()));
            }
        }
    }
    EventLoop& m_loop;
    int m_answered;
    int m_listener = -1;
    uint16_t m_port = 0;
    int m_accepted = 0;
    int m_max_open = 0;
    std::vector<int> m_open;
    std::vector<int> m_closing;
};

}  // namespace

TEST_CASE("tls scan: openssl s_server TLS 1.2 + 1.3 in server order") {
    tls_test::OpenSslServer server(
        scratch_dir(), "127.0.0.1",
        {"-cert", pki().rsa_cert(), "-key", pki().rsa_key(), "-serverpref", "-cipher",
         "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA", "-ciphersuites",
         "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256", "-groups", "P-384:X25519", "-sigalgs",
         "rsa_pss_rsae_sha256:rsa_pkcs1_sha256"});
    Scanner scanner;
    const size_t fds_before = tls_test::open_fd_count();
    int total = 0;

    const auto versions = scanner.run(server.port(), "versions", "");
    REQUIRE(versions.ok());
    total += versions.value().handshakes;
    CHECK(accepted(versions.value()) == std::vector<std::string>{"TLSv1.3", "TLSv1.2"});
    REQUIRE(versions.value().versions.size() == 6);
    // Debian's MinProtocol = TLSv1.2: OpenSSL 3.0 answers older hellos with internal_error.
    CHECK(versions.value().versions[2] == TlsVersionSupport{"TLSv1.1", false, "alert internal_error (80)"});
    CHECK(versions.value().versions[3] == TlsVersionSupport{"TLSv1", false, "alert internal_error (80)"});
    CHECK(versions.value().versions[4] == TlsVersionSupport{"SSLv3", false, "alert handshake_failure (40)"});
    CHECK(versions.value().versions[5] == TlsVersionSupport{"SSLv2", false, "alert protocol_version (70)"});
    CHECK(versions.value().handshakes == 6);

    const auto c12 = scanner.run(server.port(), "ciphers", "TLSv1.2");
    REQUIRE(c12.ok());
    total += c12.value().handshakes;
    CHECK(ids(c12.value().suites) == std::vector<uint32_t>{0xC030, 0xC02F, 0x002F});
    CHECK(c12.value().order == "server");

    const auto c13 = scanner.run(server.port(), "ciphers", "TLSv1.3");
    REQUIRE(c13.ok());
    total += c13.value().handshakes;
    CHECK(ids(c13.value().suites) == std::vector<uint32_t>{0x1303, 0x1301});
    CHECK(c13.value().order == "server");

    const auto g13 = scanner.run(server.port(), "groups", "TLSv1.3");
    REQUIRE(g13.ok());
    total += g13.value().handshakes;
    CHECK(ids(g13.value().groups) == std::vector<uint32_t>{0x0018, 0x001D});

    const auto g12 = scanner.run(server.port(), "groups", "TLSv1.2");
    REQUIRE(g12.ok());
    total += g12.value().handshakes;
    CHECK(ids(g12.value().groups) == std::vector<uint32_t>{0x0018, 0x001D});
    CHECK(g12.value().dh.bits == 0);

    const auto sigs = scanner.run(server.port(), "signatures", "TLSv1.2");
    REQUIRE(sigs.ok());
    total += sigs.value().handshakes;
    CHECK(ids(sigs.value().signature_schemes) == std::vector<uint32_t>{0x0401, 0x0804});

    const auto features = scanner.run(server.port(), "features", "TLSv1.2");
    REQUIRE(features.ok());
    total += features.value().handshakes;
    CHECK(features.value().secure_renegotiation);
    CHECK(features.value().extended_master_secret);
    CHECK_FALSE(features.value().compression);
    CHECK(features.value().fallback_scsv == "honoured");
    CHECK(features.value().handshakes == 2);  // the versions fact came from the cache

    MESSAGE("modern server, all aspects: " << total << " handshakes");
    CHECK(tls_test::open_fd_count() == fds_before);
}

TEST_CASE("tls scan: openssl s_server in client order with a 1024-bit DH group at SECLEVEL 0") {
    const std::string dh = scratch_dir() + "/modp1024.pem";
    std::ofstream(dh) << k_modp1024_pem;
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1",
                                   {"-cert", pki().rsa_cert(), "-key", pki().rsa_key(), "-no_tls1_3", "-cipher",
                                    "AES256-SHA:DHE-RSA-AES128-SHA:@SECLEVEL=0", "-dhparam", dh});
    Scanner scanner;
    const auto c12 = scanner.run(server.port(), "ciphers", "TLSv1.2");
    REQUIRE(c12.ok());
    CHECK(ids(c12.value().suites) == std::vector<uint32_t>{0x0033, 0x0035});
    CHECK(c12.value().order == "client");

    const auto g12 = scanner.run(server.port(), "groups", "TLSv1.2");
    REQUIRE(g12.ok());
    CHECK(g12.value().groups.empty());
    CHECK(g12.value().dh.bits == 1024);
    CHECK(g12.value().dh.name == "modp1024");
    CHECK(g12.value().dh.prime_sha256 == "3f35a3f5f6c4376a744acad409bb22f8d897f949d2311d885adaa890981b67a0");
}

TEST_CASE("tls scan: legacy server with SSLv2, SSLv3, RC4 and EXPORT") {
    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "ssl2,ssl3,tls1.0", "--ciphers", "0005,0003,000A",
                                                   "--sslv2-ciphers", "010080,020080", "--no-ems",
                                                   "--compression"});
    Scanner scanner;
    const auto versions = scanner.run(server.port(), "versions", "");
    REQUIRE(versions.ok());
    const auto& v = versions.value().versions;
    REQUIRE(v.size() == 6);
    CHECK(v[0] == TlsVersionSupport{"TLSv1.3", false, "alert protocol_version (70)"});
    CHECK(v[1] == TlsVersionSupport{"TLSv1.2", false, "answered TLSv1"});
    CHECK(v[2] == TlsVersionSupport{"TLSv1.1", false, "answered TLSv1"});
    CHECK(v[3] == TlsVersionSupport{"TLSv1", true, ""});
    CHECK(v[4] == TlsVersionSupport{"SSLv3", true, ""});
    CHECK(v[5] == TlsVersionSupport{"SSLv2", true, ""});

    const auto c3 = scanner.run(server.port(), "ciphers", "SSLv3");
    REQUIRE(c3.ok());
    CHECK(ids(c3.value().suites) == std::vector<uint32_t>{0x0005, 0x0003, 0x000A});
    CHECK(c3.value().suites[1].name == "TLS_RSA_EXPORT_WITH_RC4_40_MD5");
    CHECK(c3.value().order == "server");

    const auto c2 = scanner.run(server.port(), "ciphers", "SSLv2");
    REQUIRE(c2.ok());
    CHECK(ids(c2.value().suites) == std::vector<uint32_t>{0x010080, 0x020080});

    const auto features = scanner.run(server.port(), "features", "TLSv1");
    REQUIRE(features.ok());
    CHECK(features.value().secure_renegotiation);
    CHECK_FALSE(features.value().extended_master_secret);
    CHECK(features.value().compression);
    CHECK(features.value().fallback_scsv == "ignored");  // SSLv3 hello + SCSV answered
}

TEST_CASE("tls scan: legacy server with X25519MLKEM768 and an honoured fallback SCSV") {
    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "tls1.2,tls1.3", "--groups", "11EC,001D",
                                                   "--honour-fallback-scsv"});
    Scanner scanner;
    const auto g13 = scanner.run(server.port(), "groups", "TLSv1.3");
    REQUIRE(g13.ok());
    CHECK(ids(g13.value().groups) == std::vector<uint32_t>{0x11EC, 0x001D});
    const auto g12 = scanner.run(server.port(), "groups", "TLSv1.2");
    REQUIRE(g12.ok());
    CHECK(ids(g12.value().groups) == std::vector<uint32_t>{0x001D});
    const auto features = scanner.run(server.port(), "features", "TLSv1.2");
    REQUIRE(features.ok());
    CHECK(features.value().fallback_scsv == "honoured");
    CHECK(features.value().extended_master_secret);
}

TEST_CASE("tls scan: a server that goes silent after two answers is an error, not a refusal") {
    Scanner scanner(std::chrono::milliseconds(400));
    GoesSilentServer server(scanner.loop, 2);
    const auto versions = scanner.run(server.port(), "versions", "");
    REQUIRE_FALSE(versions.ok());
    CHECK(versions.error().kind == "timeout");
    CHECK(versions.error().detail.find("after 2 answered") != std::string::npos);
    CHECK(server.max_open_at_once() <= 4);  // the per-address cap
}

TEST_CASE("tls scan: the per-address cap and cancel") {
    Scanner scanner(std::chrono::milliseconds(2000));
    scanner.settings.tls_scan_per_address = 2;
    scanner.prober.emplace(scanner.loop, scanner.settings);
    GoesSilentServer server(scanner.loop, 0);
    const size_t fds_before = tls_test::open_fd_count();
    bool called = false;
    auto cancel = scanner.prober->scan(TlsScanRequest{"127.0.0.1", server.port(), "", "versions", "", ""},
                                       [&](Observed<TlsScan>) { called = true; });
    bool tick = false;
    scanner.loop.after(std::chrono::milliseconds(300), [&] { tick = true; });
    scanner.loop.run_until([&] { return tick; });
    CHECK(server.accepted() == 2);
    cancel();
    tick = false;
    scanner.loop.after(std::chrono::milliseconds(300), [&] { tick = true; });
    scanner.loop.run_until([&] { return tick; });
    CHECK_FALSE(called);
    CHECK(server.accepted() == 2);  // nothing queued started after the cancel
    CHECK(tls_test::open_fd_count() == fds_before + 2);  // our sockets closed; the server keeps its 2
}
