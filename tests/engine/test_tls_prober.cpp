// The OpenSSL TLS prober against real `openssl s_server` processes on loopback, with a
// throwaway CA made at test time.

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/tls/openssl_tls_prober.hpp"
#include "tls_test_servers.hpp"

using namespace std::chrono_literals;
using osescan::engine::EventLoop;
using osescan::engine::OpenSslTlsProber;
using osescan::engine::ProbeSettings;
using osescan::facts::Observed;
using osescan::facts::TlsHandshake;
using osescan::facts::TlsRequest;
namespace probe_error = osescan::facts::probe_error;
namespace tls_test = osescan::engine::tls_test;

namespace {

// One CA and its leaves for the whole test binary (generating RSA keys takes a while).
struct SharedPki {
    tls_test::TempDir dir;
    tls_test::TestPki pki{dir.path()};
};
const tls_test::TestPki& pki() {
    static SharedPki shared;
    return shared.pki;
}
const std::string& scratch_dir() {
    static tls_test::TempDir dir;
    return dir.path();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TlsRequest request_for(const std::string& address, uint16_t port, const std::string& version = "",
                       const std::string& sni = "www.example.test") {
    TlsRequest request;
    request.address = address;
    request.port = port;
    request.version = version;
    request.sni = sni;
    return request;
}

ProbeSettings settings(bool trust_test_ca = true, std::chrono::milliseconds timeout = 5000ms) {
    ProbeSettings result;
    result.timeout = timeout;
    if (trust_test_ca) result.ca_file = pki().ca_cert();
    return result;
}

struct ProbeRun {
    Observed<TlsHandshake> result;
    int calls = 0;
    bool called_inside_handshake = false;
    std::chrono::duration<double> elapsed{};
};

// One probe on a fresh loop, run until it reports (plus a few more turns to catch a
// second report); the loop gives up after timeout + 5 s.
ProbeRun probe(const TlsRequest& request, const ProbeSettings& probe_settings = settings()) {
    EventLoop loop;
    OpenSslTlsProber prober(loop, probe_settings);
    ProbeRun run;
    const auto started = std::chrono::steady_clock::now();
    auto cancel = prober.handshake(request, [&](Observed<TlsHandshake> result) {
        ++run.calls;
        run.result = std::move(result);
        run.elapsed = std::chrono::steady_clock::now() - started;
    });
    run.called_inside_handshake = run.calls > 0;
    bool gave_up = false;
    loop.after(probe_settings.timeout + 5000ms, [&] { gave_up = true; });
    loop.run_until([&] { return run.calls > 0 || gave_up; });
    bool settled = false;
    loop.after(50ms, [&] { settled = true; });
    loop.run_until([&] { return settled; });
    return run;
}

// The handshake of a probe that must have completed a TCP connection (a copy: callers
// bind it to a const reference, extending the lifetime of the temporary).
TlsHandshake handshake_of(const ProbeRun& run) {
    REQUIRE(run.calls == 1);
    CHECK_FALSE(run.called_inside_handshake);
    if (!run.result.ok()) FAIL("probe error: " << run.result.error().kind << ": " << run.result.error().detail);
    return run.result.value();
}

osescan::facts::ProbeError error_of(const ProbeRun& run) {
    REQUIRE(run.calls == 1);
    CHECK_FALSE(run.called_inside_handshake);
    REQUIRE_FALSE(run.result.ok());
    return run.result.error();
}

std::vector<std::string> rsa_server(const std::string& cert = "") {
    return {"-cert", cert.empty() ? pki().rsa_cert() : cert, "-key", pki().rsa_key()};
}

std::vector<std::string> plus(std::vector<std::string> base, const std::vector<std::string>& more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

// "AB:CD:..." from `openssl x509 -fingerprint` -> "abcd...".
std::string openssl_fingerprint(const std::string& cert) {
    const std::string out = scratch_dir() + "/fingerprint.txt";
    const std::string command = "openssl x509 -in '" + cert + "' -noout -fingerprint -sha256 >'" + out + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    const std::string text = read_file(out);
    std::string hex;
    for (char c : text.substr(text.find('=') + 1))
        if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return hex;
}

}  // namespace

TEST_CASE("tls prober: best negotiation reaches TLS 1.3 with the expected suite and group") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    TlsRequest request = request_for("127.0.0.1", server.port());

    SUBCASE("defaults") {
        const ProbeRun run = probe(request);
        const TlsHandshake& handshake = handshake_of(run);
        CHECK(handshake.accepted);
        CHECK(handshake.failure == "");
        CHECK(handshake.version == "TLSv1.3");
        CHECK(handshake.cipher == "TLS_AES_256_GCM_SHA384");
        CHECK(handshake.group == "X25519");
        CHECK(handshake.alpn == "");
        CHECK(handshake.secure_renegotiation);
        CHECK(handshake.extended_master_secret);
        CHECK(handshake.ocsp_status == "");
    }
    SUBCASE("groups and suites as requested") {
        request.groups = "P-256";
        request.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256";
        const TlsHandshake& handshake = handshake_of(probe(request));
        CHECK(handshake.accepted);
        CHECK(handshake.group == "P-256");
        CHECK(handshake.cipher == "TLS_CHACHA20_POLY1305_SHA256");
    }
    SUBCASE("P-384, X448 and a finite-field group") {
        for (const auto& [asked, recorded] : std::vector<std::pair<std::string, std::string>>{
                 {"P-384", "P-384"}, {"P-521", "P-521"}, {"X448", "X448"}, {"ffdhe2048", "ffdhe2048"}}) {
            CAPTURE(asked);
            request.groups = asked;
            const TlsHandshake& handshake = handshake_of(probe(request));
            CHECK(handshake.accepted);
            CHECK(handshake.group == recorded);
        }
    }
}

TEST_CASE("tls prober: ALPN selection is recorded") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", plus(rsa_server(), {"-alpn", "http/1.1"}));
    TlsRequest request = request_for("127.0.0.1", server.port());
    request.alpn = {"h2", "http/1.1"};
    const TlsHandshake& handshake = handshake_of(probe(request));
    CHECK(handshake.accepted);
    CHECK(handshake.alpn == "http/1.1");
}

TEST_CASE("tls prober: exact TLS 1.2") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    TlsRequest request = request_for("127.0.0.1", server.port(), "TLSv1.2");

    SUBCASE("ECDHE on X25519, EMS and RFC 5746") {
        const TlsHandshake& handshake = handshake_of(probe(request));
        CHECK(handshake.accepted);
        CHECK(handshake.version == "TLSv1.2");
        CHECK(handshake.cipher == "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        CHECK(handshake.group == "X25519");
        CHECK(handshake.secure_renegotiation);
        CHECK(handshake.extended_master_secret);
    }
    SUBCASE("a cipher list and a curve") {
        request.ciphers = "ECDHE-RSA-AES128-GCM-SHA256";
        request.groups = "P-384";
        const TlsHandshake& handshake = handshake_of(probe(request));
        CHECK(handshake.cipher == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        CHECK(handshake.group == "P-384");
    }
    SUBCASE("finite-field DHE records its size") {
        request.ciphers = "DHE-RSA-AES128-GCM-SHA256";
        const TlsHandshake& handshake = handshake_of(probe(request));
        CHECK(handshake.cipher == "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        CHECK(handshake.group == "DHE-2048");
    }
    SUBCASE("static RSA key exchange has no group") {
        request.ciphers = "AES128-GCM-SHA256";
        const TlsHandshake& handshake = handshake_of(probe(request));
        CHECK(handshake.cipher == "TLS_RSA_WITH_AES_128_GCM_SHA256");
        CHECK(handshake.group == "");
    }
    SUBCASE("no shared cipher: the server's alert is the fact") {
        request.ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256";
        const TlsHandshake& handshake = handshake_of(probe(request));
        CHECK_FALSE(handshake.accepted);
        CHECK(handshake.failure == "alert: handshake failure");
        CHECK(handshake.chain.empty());
    }
}

TEST_CASE("tls prober: a server without TLS 1.2 refuses an exact TLS 1.2 probe") {
    SUBCASE("-no_tls1_2") {
        // OpenSSL's server then falls back to TLS 1.1, finds no signature algorithm it may
        // use for it at its security level and says so with an internal_error alert.
        tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", plus(rsa_server(), {"-no_tls1_2"}));
        const TlsHandshake& refused = handshake_of(probe(request_for("127.0.0.1", server.port(), "TLSv1.2")));
        CHECK_FALSE(refused.accepted);
        CHECK(refused.failure == "alert: internal error");
        CHECK(refused.version == "");
        CHECK(refused.chain.empty());

        const TlsHandshake& best = handshake_of(probe(request_for("127.0.0.1", server.port())));
        CHECK(best.accepted);
        CHECK(best.version == "TLSv1.3");
    }
    SUBCASE("TLS 1.3 only: protocol_version alert") {
        tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", plus(rsa_server(), {"-tls1_3"}));
        const TlsHandshake& refused = handshake_of(probe(request_for("127.0.0.1", server.port(), "TLSv1.2")));
        CHECK_FALSE(refused.accepted);
        CHECK(refused.failure == "alert: protocol version");
    }
}

TEST_CASE("tls prober: TLS 1.0 with a security-level-0 server") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1",
                                   plus(rsa_server(), {"-tls1", "-cipher", "DEFAULT@SECLEVEL=0"}));
    const TlsHandshake& exact = handshake_of(probe(request_for("127.0.0.1", server.port(), "TLSv1")));
    CHECK(exact.accepted);
    CHECK(exact.version == "TLSv1");
    CHECK(exact.cipher == "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
    CHECK(exact.group == "X25519");

    const TlsHandshake& best = handshake_of(probe(request_for("127.0.0.1", server.port())));
    CHECK(best.accepted);
    CHECK(best.version == "TLSv1");

    const TlsHandshake& tls12 = handshake_of(probe(request_for("127.0.0.1", server.port(), "TLSv1.2")));
    CHECK_FALSE(tls12.accepted);
    // The server answers with a TLS 1.0 ServerHello, which OpenSSL rejects on our side.
    CHECK(tls12.failure == "unsupported protocol");
}

TEST_CASE("tls prober: SSLv3 cannot be sent by this OpenSSL") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    const auto& error = error_of(probe(request_for("127.0.0.1", server.port(), "SSLv3")));
    CHECK(error.kind == probe_error::client_unsupported);
    CHECK(error.detail.find("cannot send SSLv3") != std::string::npos);
}

TEST_CASE("tls prober: requests this OpenSSL cannot express are client-unsupported") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    TlsRequest request = request_for("127.0.0.1", server.port(), "TLSv1.2");
    SUBCASE("unknown cipher") { request.ciphers = "NO-SUCH-CIPHER"; }
    SUBCASE("unknown group") { request.groups = "P-999"; }
    SUBCASE("TLS 1.2-only suite with exact TLS 1.0") {
        request.version = "TLSv1";
        request.ciphers = "ECDHE-RSA-AES128-GCM-SHA256";
    }
    CHECK(error_of(probe(request)).kind == probe_error::client_unsupported);
}

TEST_CASE("tls prober: chain verification") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    const TlsRequest request = request_for("127.0.0.1", server.port());

    const TlsHandshake& untrusted = handshake_of(probe(request, settings(false)));
    CHECK(untrusted.accepted);
    CHECK_FALSE(untrusted.verify_ok);
    CHECK(untrusted.verify_code == 20);  // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    CHECK(untrusted.verify_message == "unable to get local issuer certificate");

    const TlsHandshake& trusted = handshake_of(probe(request, settings(true)));
    CHECK(trusted.verify_ok);
    CHECK(trusted.verify_code == 0);
    CHECK(trusted.verify_message == "ok");
}

TEST_CASE("tls prober: an expired leaf still verifies (expiry is its own check)") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server(pki().expired_cert()));
    const TlsHandshake& handshake = handshake_of(probe(request_for("127.0.0.1", server.port())));
    CHECK(handshake.accepted);
    CHECK(handshake.verify_ok);
    REQUIRE(handshake.chain.size() == 1);
    CHECK(handshake.chain[0].not_before == 1577836800);  // 2020-01-01T00:00:00Z
    CHECK(handshake.chain[0].not_after == 1580515200);   // 2020-02-01T00:00:00Z
    CHECK(handshake.chain[0].not_after < std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
}

TEST_CASE("tls prober: a --ca-file that cannot be loaded is a setup error") {
    EventLoop loop;
    ProbeSettings bad;
    bad.ca_file = scratch_dir() + "/does-not-exist.pem";
    CHECK_THROWS_AS(OpenSslTlsProber(loop, bad), std::runtime_error);
}

TEST_CASE("tls prober: the leaf's names are matched against SNI") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    const uint16_t port = server.port();
    CHECK(handshake_of(probe(request_for("127.0.0.1", port, "", "www.example.test"))).name_matches);
    CHECK(handshake_of(probe(request_for("127.0.0.1", port, "", "example.test"))).name_matches);
    CHECK_FALSE(handshake_of(probe(request_for("127.0.0.1", port, "", "other.test"))).name_matches);
    CHECK_FALSE(handshake_of(probe(request_for("127.0.0.1", port, "", "sub.www.example.test"))).name_matches);
    const TlsHandshake& without_sni = handshake_of(probe(request_for("127.0.0.1", port, "", "")));
    CHECK(without_sni.accepted);
    CHECK_FALSE(without_sni.name_matches);
}

TEST_CASE("tls prober: RSA-2048 leaf and CA as served") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1",
                                   plus(rsa_server(), {"-cert_chain", pki().ca_cert()}));
    const TlsHandshake& handshake = handshake_of(probe(request_for("127.0.0.1", server.port())));
    REQUIRE(handshake.chain.size() == 2);
    const auto& leaf = handshake.chain[0];
    CHECK(leaf.subject == "CN=www.example.test");
    CHECK(leaf.issuer == "CN=osescan test CA");
    CHECK(leaf.serial == "1000");
    CHECK(leaf.not_after - leaf.not_before == 30 * 24 * 3600);
    CHECK(leaf.san_dns == std::vector<std::string>{"www.example.test", "example.test"});
    CHECK(leaf.san_ip == std::vector<std::string>{"127.0.0.1", "::1"});
    CHECK(leaf.key_type == "RSA");
    CHECK(leaf.key_bits == 2048);
    CHECK(leaf.curve == "");
    CHECK(leaf.signature_algorithm == "sha256WithRSAEncryption");
    CHECK(leaf.signature_hash == "SHA256");
    CHECK_FALSE(leaf.is_ca);
    CHECK_FALSE(leaf.self_signed);
    CHECK(leaf.sha256 == openssl_fingerprint(pki().rsa_cert()));
    CHECK(leaf.pem == read_file(pki().rsa_cert()));

    const auto& root = handshake.chain[1];
    CHECK(root.subject == "CN=osescan test CA");
    CHECK(root.is_ca);
    CHECK(root.self_signed);
    CHECK(root.sha256 == openssl_fingerprint(pki().ca_cert()));
    CHECK(handshake.verify_ok);
}

TEST_CASE("tls prober: EC P-256 leaf") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", {"-cert", pki().ec_cert(), "-key", pki().ec_key()});
    const TlsHandshake& handshake = handshake_of(probe(request_for("127.0.0.1", server.port())));
    CHECK(handshake.accepted);
    REQUIRE(handshake.chain.size() == 1);
    CHECK(handshake.chain[0].key_type == "EC");
    CHECK(handshake.chain[0].curve == "P-256");
    CHECK(handshake.chain[0].key_bits == 256);
    CHECK(handshake.chain[0].signature_hash == "SHA256");  // signed by the RSA CA
    CHECK(handshake.verify_ok);
}

TEST_CASE("tls prober: stapled OCSP responses") {
    struct Case {
        std::string cert, staple, expected;
    };
    for (const Case& c : std::vector<Case>{{pki().rsa_cert(), pki().staple_good(), "good"},
                                           {pki().revoked_cert(), pki().staple_revoked(), "revoked"},
                                           {pki().rsa_cert(), pki().staple_ec(), "invalid"},
                                           {pki().rsa_cert(), "", ""}}) {
        CAPTURE(c.expected);
        std::vector<std::string> arguments = rsa_server(c.cert);
        if (!c.staple.empty()) arguments = plus(arguments, {"-status_file", c.staple});
        tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", arguments);
        for (const std::string version : {"TLSv1.3", "TLSv1.2"}) {
            CAPTURE(version);
            const TlsHandshake& handshake = handshake_of(probe(request_for("127.0.0.1", server.port(), version)));
            CHECK(handshake.accepted);
            CHECK(handshake.ocsp_status == c.expected);
        }
    }
}

TEST_CASE("tls prober: IPv6 loopback") {
    tls_test::OpenSslServer server(scratch_dir(), "::1", rsa_server());
    const TlsHandshake& handshake = handshake_of(probe(request_for("::1", server.port())));
    CHECK(handshake.accepted);
    CHECK(handshake.version == "TLSv1.3");
    CHECK(handshake.name_matches);
    CHECK(handshake.verify_ok);
}

TEST_CASE("tls prober: connection refused") {
    for (const std::string address : {"127.0.0.1", "::1"}) {
        CAPTURE(address);
        const auto& error = error_of(probe(request_for(address, tls_test::free_tcp_port(address))));
        CHECK(error.kind == probe_error::connection_refused);
        CHECK(error.detail == "connect: Connection refused");
    }
}

TEST_CASE("tls prober: a server that hangs up after the ClientHello declined the handshake") {
    EventLoop loop;
    OpenSslTlsProber prober(loop, settings());
    for (const bool reset : {false, true}) {
        CAPTURE(reset);
        tls_test::HangUpServer server(loop, "127.0.0.1", reset);
        Observed<TlsHandshake> result;
        int calls = 0;
        prober.handshake(request_for("127.0.0.1", server.port()), [&](Observed<TlsHandshake> r) {
            ++calls;
            result = std::move(r);
        });
        bool gave_up = false;
        const auto guard = loop.after(5000ms, [&] { gave_up = true; });
        loop.run_until([&] { return calls > 0 || gave_up; });
        loop.cancel(guard);
        REQUIRE(calls == 1);
        REQUIRE(result.ok());
        CHECK_FALSE(result.value().accepted);
        CHECK(result.value().failure == (reset ? "server reset the connection during the handshake"
                                               : "server closed the connection during the handshake"));
    }
}

TEST_CASE("tls prober: a listener that never answers times out after the timeout") {
    tls_test::SilentListener listener("127.0.0.1");
    const ProbeRun run = probe(request_for("127.0.0.1", listener.port()), settings(true, 1000ms));
    const auto& error = error_of(run);
    CHECK(error.kind == probe_error::timeout);
    CHECK(error.detail == "TLS handshake not completed within 1000 ms");
    CHECK(run.elapsed.count() >= 0.95);
    CHECK(run.elapsed.count() < 2.0);  // slack for a loaded machine
}

TEST_CASE("tls prober: Cancel suppresses the callback") {
    tls_test::SilentListener listener("127.0.0.1");
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    EventLoop loop;
    OpenSslTlsProber prober(loop, settings(true, 300ms));
    int calls = 0;
    auto count = [&](Observed<TlsHandshake>) { ++calls; };

    // Cancelled at once, before the loop ran; and while waiting for a silent server.
    auto at_once = prober.handshake(request_for("127.0.0.1", server.port()), count);
    at_once();
    auto later = prober.handshake(request_for("127.0.0.1", listener.port()), count);
    loop.after(100ms, [&] { later(); });
    // An error found inside handshake() is reported on a later turn, so it can be cancelled too.
    auto early_error = prober.handshake(request_for("127.0.0.1", server.port(), "SSLv3"), count);
    early_error();

    bool waited = false;
    loop.after(1000ms, [&] { waited = true; });  // > the probes' 300 ms timeout
    loop.run_until([&] { return waited; });
    CHECK(calls == 0);
    at_once();  // cancelling again, after the fact, is harmless
    later();
}

TEST_CASE("tls prober: many probes leak no file descriptors") {
    tls_test::OpenSslServer server(scratch_dir(), "127.0.0.1", rsa_server());
    tls_test::SilentListener listener("127.0.0.1");
    const uint16_t closed_port = tls_test::free_tcp_port("127.0.0.1");
    EventLoop loop;
    // Generous for the probes that must complete (a loaded machine, valgrind), short for
    // the ones that must time out.
    OpenSslTlsProber prober(loop, settings(true, 20000ms));
    OpenSslTlsProber impatient_prober(loop, settings(true, 500ms));
    const size_t fds_before = tls_test::open_fd_count();

    int accepted = 0, refused = 0, timed_out = 0, cancelled_calls = 0;
    std::vector<osescan::engine::Cancel> cancels;
    for (int i = 0; i < 40; ++i) {
        prober.handshake(request_for("127.0.0.1", server.port(), i % 2 ? "TLSv1.2" : ""), [&](Observed<TlsHandshake> r) {
            if (r.ok() && r.value().accepted) ++accepted;
        });
        prober.handshake(request_for("127.0.0.1", closed_port), [&](Observed<TlsHandshake> r) {
            if (!r.ok() && r.error().kind == probe_error::connection_refused) ++refused;
        });
        if (i % 10 == 0)
            impatient_prober.handshake(request_for("127.0.0.1", listener.port()), [&](Observed<TlsHandshake> r) {
                if (!r.ok() && r.error().kind == probe_error::timeout) ++timed_out;
            });
        prober.handshake(request_for("127.0.0.1", server.port()), [&](Observed<TlsHandshake>) {
            ++cancelled_calls;
        })();  // cancelled at once
        cancels.push_back(prober.handshake(request_for("127.0.0.1", listener.port()),
                                           [&](Observed<TlsHandshake>) { ++cancelled_calls; }));
    }
    loop.after(50ms, [&] {
        for (auto& cancel : cancels) cancel();  // cancelled while waiting for the server
    });
    bool gave_up = false;
    loop.after(30000ms, [&] { gave_up = true; });
    loop.run_until([&] { return (accepted + refused + timed_out == 84) || gave_up; });
    CHECK(accepted == 40);
    CHECK(refused == 40);
    CHECK(timed_out == 4);
    CHECK(cancelled_calls == 0);
    bool settled = false;
    loop.after(100ms, [&] { settled = true; });
    loop.run_until([&] { return settled; });
    CHECK(tls_test::open_fd_count() == fds_before);
}
