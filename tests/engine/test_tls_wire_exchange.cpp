// exchange_hello against real servers on loopback: openssl s_server (TLS 1.2 and 1.3),
// the scripted legacy/post-quantum server (SSLv2, SSLv3 + RC4, ML-KEM hybrid HRR and
// ServerHello, alerts), a refused port and a listener that never answers.

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <optional>
#include <stdexcept>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/wire/client_hello.hpp"
#include "engine/tls/wire/hello_exchange.hpp"
#include "engine/tls/wire/registry.hpp"
#include "tls_legacy_server.hpp"
#include "tls_test_servers.hpp"

using namespace osescan::engine::tls::wire;
using osescan::engine::EventLoop;
namespace tls_test = osescan::engine::tls_test;
using End = ExchangeResult::End;
using Kind = ServerReply::Kind;

namespace {

ExchangeResult run_exchange(uint16_t port, const ClientHelloSpec& spec, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    EventLoop loop;
    std::optional<ExchangeResult> result;
    int calls = 0;
    ExchangeOptions options;
    options.timeout = timeout;
    exchange_hello(loop, {"127.0.0.1", port}, build_client_hello(spec), options, [&](ExchangeResult r) {
        ++calls;
        result = std::move(r);
    });
    CHECK_FALSE(result.has_value());  // never called from inside exchange_hello
    loop.run_until([&] { return result.has_value(); });
    // The loop keeps running briefly: `done` must not come twice.
    bool tick = false;
    loop.after(std::chrono::milliseconds(50), [&] { tick = true; });
    loop.run_until([&] { return tick; });
    CHECK(calls == 1);
    return *result;
}

ClientHelloSpec tls12_ecdsa_spec() {
    ClientHelloSpec spec;
    spec.cipher_suites = {0xC02B, 0xC02F, k_empty_renegotiation_info_scsv};
    spec.supported_groups = {0x001D, 0x0017};
    spec.signature_algorithms = {0x0403, 0x0804, 0x0401};
    spec.server_name = "www.example.test";
    return spec;
}

ClientHelloSpec tls13_spec(std::vector<uint16_t> groups, std::vector<uint16_t> shares) {
    ClientHelloSpec spec;
    spec.cipher_suites = {0x1301, 0x1302, 0x1303};
    spec.supported_versions = {k_tls13};
    spec.supported_groups = std::move(groups);
    spec.key_share_groups = std::move(shares);
    spec.signature_algorithms = {0x0403, 0x0804, 0x0807};
    return spec;
}

const tls_test::TestPki& pki() {
    static tls_test::TempDir dir;
    static tls_test::TestPki pki{dir.path()};
    return pki;
}

const std::string& scratch_dir() {
    static tls_test::TempDir dir;
    return dir.path();
}

}  // namespace

TEST_CASE("tls wire exchange: openssl s_server TLS 1.2 ECDHE-ECDSA flight") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", {"-cert", pki().ec_cert(), "-key", pki().ec_key()});
    const size_t fds_before = tls_test::open_fd_count();
    const ExchangeResult result = run_exchange(server.port(), tls12_ecdsa_spec());
    CHECK(result.end == End::reply);
    CHECK(result.reply.kind == Kind::server_hello);
    CHECK(result.reply.complete);
    CHECK(result.reply.version == k_tls12);
    CHECK(result.reply.cipher_suite == 0xC02B);
    CHECK(result.reply.renegotiation_info);
    CHECK(result.reply.extended_master_secret);
    CHECK(result.reply.certificates.size() == 1);
    CHECK(result.reply.ske.kind == ServerReply::ServerKeyExchange::ecdhe);
    CHECK(result.reply.ske.named_curve == 0x001D);
    CHECK(result.reply.ske.signature_scheme.has_value());
    CHECK(result.bytes_received > 300);
    CHECK(tls_test::open_fd_count() == fds_before);
}

TEST_CASE("tls wire exchange: openssl s_server TLS 1.3 and its HelloRetryRequest") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", {"-cert", pki().ec_cert(), "-key", pki().ec_key()});
    const ExchangeResult hello = run_exchange(server.port(), tls13_spec({0x001D, 0x0017}, {0x001D}));
    CHECK(hello.end == End::reply);
    CHECK(hello.reply.kind == Kind::server_hello);
    CHECK(hello.reply.version == k_tls13);
    CHECK(hello.reply.selected_group == std::optional<uint16_t>(0x001D));

    const ExchangeResult p256 = run_exchange(server.port(), tls13_spec({0x0017}, {0x0017}));
    CHECK(p256.reply.kind == Kind::server_hello);  // the generator is an acceptable share
    CHECK(p256.reply.selected_group == std::optional<uint16_t>(0x0017));

    const ExchangeResult ffdhe = run_exchange(server.port(), tls13_spec({0x0100}, {0x0100}));
    CHECK(ffdhe.reply.kind == Kind::server_hello);  // g = 2 passes OpenSSL's checks
    CHECK(ffdhe.reply.selected_group == std::optional<uint16_t>(0x0100));

    for (uint16_t group : {0x0018, 0x0019, 0x001E, 0x0101, 0x0104}) {  // P-384, P-521, X448, ffdhe3072/8192
        CAPTURE(group);
        const ExchangeResult other = run_exchange(server.port(), tls13_spec({group}, {group}));
        CHECK(other.reply.kind == Kind::server_hello);
        CHECK(other.reply.selected_group == std::optional<uint16_t>(group));
    }

    const ExchangeResult retry = run_exchange(server.port(), tls13_spec({0x0017}, {}));
    CHECK(retry.reply.kind == Kind::hello_retry_request);
    CHECK(retry.reply.selected_group == std::optional<uint16_t>(0x0017));

    ClientHelloSpec no_suite = tls12_ecdsa_spec();
    no_suite.cipher_suites = {0x0005};  // RC4: OpenSSL 3 has none
    const ExchangeResult refused = run_exchange(server.port(), no_suite);
    CHECK(refused.reply.kind == Kind::alert);
    CHECK(refused.reply.alert_description == 40);
}

TEST_CASE("tls wire exchange: legacy server speaks SSLv2 and SSLv3 with RC4") {
    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "ssl2,ssl3,tls1.2", "--ciphers", "0005,0004,002F",
                                                   "--sslv2-ciphers", "010080,0700C0"});
    ClientHelloSpec v2;
    v2.sslv2 = true;
    v2.sslv2_ciphers = {0x020080, 0x010080};
    const ExchangeResult sslv2 = run_exchange(server.port(), v2);
    CHECK(sslv2.end == End::reply);
    CHECK(sslv2.reply.kind == Kind::sslv2_server_hello);
    CHECK(sslv2.reply.sslv2_ciphers == std::vector<uint32_t>{0x010080});

    ClientHelloSpec v3;
    v3.record_version = k_ssl3;
    v3.legacy_version = k_ssl3;
    v3.cipher_suites = {0x0005, k_empty_renegotiation_info_scsv};
    v3.extended_master_secret = false;
    v3.renegotiation_info = false;
    v3.ec_point_formats = false;
    const ExchangeResult sslv3 = run_exchange(server.port(), v3);
    CHECK(sslv3.end == End::reply);
    CHECK(sslv3.reply.kind == Kind::server_hello);
    CHECK(sslv3.reply.complete);
    CHECK(sslv3.reply.version == k_ssl3);
    CHECK(sslv3.reply.record_version == k_ssl3);
    CHECK(sslv3.reply.cipher_suite == 0x0005);
    CHECK(sslv3.reply.renegotiation_info);  // answered to the SCSV (RFC 5746 §3.6)

    ClientHelloSpec tls11 = v3;
    tls11.legacy_version = k_tls11;
    tls11.record_version = k_tls10;
    tls11.cipher_suites = {0x002F};
    const ExchangeResult downgraded = run_exchange(server.port(), tls11);
    CHECK(downgraded.reply.kind == Kind::server_hello);
    CHECK(downgraded.reply.version == k_ssl3);  // the best it speaks below TLS 1.1
}

TEST_CASE("tls wire exchange: legacy server alerts") {
    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "tls1.1,tls1.2", "--ciphers", "002F",
                                                   "--honour-fallback-scsv"});
    ClientHelloSpec spec;
    spec.cipher_suites = {0x0035};
    const ExchangeResult no_cipher = run_exchange(server.port(), spec);
    CHECK(no_cipher.reply.kind == Kind::alert);
    CHECK(no_cipher.reply.alert_level == 2);
    CHECK(no_cipher.reply.alert_description == 40);

    spec.cipher_suites = {0x002F, k_fallback_scsv};
    spec.legacy_version = k_tls11;
    const ExchangeResult fallback = run_exchange(server.port(), spec);
    CHECK(fallback.reply.kind == Kind::alert);
    CHECK(fallback.reply.alert_description == 86);

    spec.legacy_version = k_ssl3;
    const ExchangeResult old = run_exchange(server.port(), spec);
    CHECK(old.reply.kind == Kind::alert);
    CHECK(old.reply.alert_description == 70);
}

TEST_CASE("tls wire exchange: legacy server with X25519MLKEM768") {
    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "tls1.2,tls1.3", "--groups", "11EC,001D"});
    const ExchangeResult retry = run_exchange(server.port(), tls13_spec({0x11EC, 0x001D}, {0x001D}));
    CHECK(retry.end == End::reply);
    CHECK(retry.reply.kind == Kind::hello_retry_request);
    CHECK(retry.reply.selected_group == std::optional<uint16_t>(0x11EC));

    const ExchangeResult hybrid = run_exchange(server.port(), tls13_spec({0x11EC, 0x001D}, {0x11EC, 0x001D}));
    CHECK(hybrid.reply.kind == Kind::server_hello);
    CHECK(hybrid.reply.version == k_tls13);
    CHECK(hybrid.reply.selected_group == std::optional<uint16_t>(0x11EC));
    CHECK(hybrid.reply.cipher_suite == 0x1301);
}

TEST_CASE("tls wire exchange: refused, silent, on an adopted fd") {
    const uint16_t closed_port = tls_test::free_tcp_port("127.0.0.1");
    const ExchangeResult refused = run_exchange(closed_port, tls12_ecdsa_spec());
    CHECK(refused.end == End::connect_refused);

    tls_test::SilentListener silent("127.0.0.1");
    const ExchangeResult timeout = run_exchange(silent.port(), tls12_ecdsa_spec(), std::chrono::milliseconds(300));
    CHECK(timeout.end == End::timeout);
    CHECK(timeout.elapsed_ms >= 290);
    CHECK(timeout.bytes_sent > 0);

    EventLoop loop;
    std::optional<ExchangeResult> bad;
    exchange_hello(loop, {"not-an-ip", 443}, {1}, {}, [&](ExchangeResult r) { bad = std::move(r); });
    loop.run_until([&] { return bad.has_value(); });
    CHECK(bad->end == End::io_error);

    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "tls1.2", "--ciphers", "002F"});
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    ClientHelloSpec spec;
    spec.cipher_suites = {0x002F};
    ExchangeOptions options;
    options.keep_fd_open = true;
    std::optional<ExchangeResult> adopted;
    exchange_hello_on_fd(loop, fd, build_client_hello(spec), options, [&](ExchangeResult r) { adopted = std::move(r); });
    loop.run_until([&] { return adopted.has_value(); });
    CHECK(adopted->end == End::reply);
    CHECK(adopted->reply.cipher_suite == 0x002F);
    CHECK(::fcntl(fd, F_GETFD) != -1);  // still open: the caller owns it
    ::close(fd);
}

TEST_CASE("tls wire exchange: a hello over several records, and IPv6") {
    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "tls1.2", "--ciphers", "009C"});
    ClientHelloSpec spec;
    spec.cipher_suites.assign(12000, 0x0035);  // 24 KB: two records, likely partial writes
    spec.cipher_suites.push_back(0x009C);
    const ExchangeResult big = run_exchange(server.port(), spec);
    CHECK(big.end == End::reply);
    CHECK(big.bytes_sent > 24000);
    CHECK(big.reply.cipher_suite == 0x009C);

    std::optional<tls_test::LegacyTlsServer> v6;
    try {
        v6.emplace("::1", std::vector<std::string>{"--versions", "tls1.3", "--groups", "11EB"});
    } catch (const std::exception& error) {
        MESSAGE("no IPv6 loopback: " << error.what());
        return;
    }
    EventLoop loop;
    std::optional<ExchangeResult> result;
    exchange_hello(loop, {"::1", v6->port()}, build_client_hello(tls13_spec({0x11EB}, {0x11EB})), {},
                   [&](ExchangeResult r) { result = std::move(r); });
    loop.run_until([&] { return result.has_value(); });
    CHECK(result->end == End::reply);
    CHECK(result->reply.kind == Kind::server_hello);
    CHECK(result->reply.selected_group == std::optional<uint16_t>(0x11EB));
}

TEST_CASE("tls wire exchange: legacy server options (client order, no EMS, compression)") {
    tls_test::LegacyTlsServer server("127.0.0.1", {"--versions", "tls1.0,tls1.2", "--ciphers", "002F,0035",
                                                   "--prefer-client-order", "--no-ems", "--compression"});
    ClientHelloSpec spec;
    spec.cipher_suites = {0x0035, 0x002F};
    spec.compression_methods = {1, 0};
    const ExchangeResult result = run_exchange(server.port(), spec);
    CHECK(result.reply.kind == Kind::server_hello);
    CHECK(result.reply.cipher_suite == 0x0035);
    CHECK(result.reply.compression_method == 1);
    CHECK_FALSE(result.reply.extended_master_secret);
    CHECK(result.reply.renegotiation_info);
    CHECK(result.reply.extensions == std::vector<uint16_t>{0xFF01});
}
