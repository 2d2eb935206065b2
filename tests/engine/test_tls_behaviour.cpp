// The TLS behaviour prober (client renegotiation, 0-RTT) against real servers on loopback:
// `openssl s_server` with and without -client_renegotiation, nginx with and without
// ssl_early_data (answering early requests 200 or 425), and a listener that never answers.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "engine/tls/openssl_behaviour_prober.hpp"
#include "http_test_servers.hpp"
#include "tls_test_servers.hpp"

using namespace std::chrono_literals;
using osescan::engine::EventLoop;
using osescan::engine::OpenSslBehaviourProber;
using osescan::engine::ProbeSettings;
using osescan::facts::Observed;
using osescan::facts::TlsBehaviour;
using osescan::facts::TlsBehaviourRequest;
namespace aspect = osescan::facts::tls_behaviour_aspect;
namespace end = osescan::facts::renegotiation_end;
namespace early = osescan::facts::early_data_status;
namespace http_test = osescan::engine::http_test;
namespace tls_test = osescan::engine::tls_test;

namespace {

// One self-signed certificate for every server here.
const std::string& cert_dir() {
    static http_test::TempDir dir;
    static const bool made = (http_test::make_self_signed_certificate(dir.path(), "www.example.test"), true);
    (void)made;
    return dir.path();
}

std::vector<std::string> s_server_args(std::vector<std::string> more = {}) {
    std::vector<std::string> args{"-cert", cert_dir() + "/cert.pem", "-key", cert_dir() + "/key.pem"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

TlsBehaviourRequest request_for(const std::string& address, uint16_t port, const char* which,
                                const std::string& path = "/") {
    TlsBehaviourRequest r;
    r.address = address;
    r.port = port;
    r.sni = "www.example.test";
    r.aspect = which;
    if (which == std::string(aspect::zero_rtt)) {
        r.host = "www.example.test";
        r.path = path;
    }
    return r;
}

struct ProbeRun {
    Observed<TlsBehaviour> result;
    int calls = 0;
    bool called_inside_probe = false;
    std::chrono::duration<double> elapsed{};
};

ProbeRun probe(const TlsBehaviourRequest& request, std::chrono::milliseconds timeout = 3000ms) {
    EventLoop loop;
    ProbeSettings settings;
    settings.timeout = timeout;
    OpenSslBehaviourProber prober(loop, settings);
    ProbeRun run;
    const auto started = std::chrono::steady_clock::now();
    auto cancel = prober.probe(request, [&](Observed<TlsBehaviour> result) {
        ++run.calls;
        run.result = std::move(result);
        run.elapsed = std::chrono::steady_clock::now() - started;
    });
    run.called_inside_probe = run.calls > 0;
    bool gave_up = false;
    loop.after(timeout * 5 + 5000ms, [&] { gave_up = true; });
    loop.run_until([&] { return run.calls > 0 || gave_up; });
    bool settled = false;
    loop.after(50ms, [&] { settled = true; });
    loop.run_until([&] { return settled; });
    return run;
}

TlsBehaviour fact_of(const ProbeRun& run) {
    REQUIRE(run.calls == 1);
    CHECK_FALSE(run.called_inside_probe);
    if (!run.result.ok()) FAIL("probe error: " << run.result.error().kind << ": " << run.result.error().detail);
    return run.result.value();
}

// nginx on 127.0.0.1 and ::1 with three TLS 1.2 + 1.3 servers: early data answered 200,
// early data answered 425, no early data.
struct EarlyDataNginx {
    http_test::TempDir dir;
    uint16_t open_port = http_test::free_tcp_port();
    uint16_t too_early_port = http_test::free_tcp_port();
    uint16_t off_port = http_test::free_tcp_port();
    std::unique_ptr<http_test::NginxProcess> nginx;

    static std::string server(uint16_t port, const std::string& tls, const std::string& body) {
        const std::string p = std::to_string(port);
        return "  server {\n    listen 127.0.0.1:" + p + " ssl;\n    listen [::1]:" + p + " ssl;\n" + tls +
               "    ssl_protocols TLSv1.2 TLSv1.3;\n" + body + "  }\n";
    }

    EarlyDataNginx() {
        const std::string d = dir.path();
        const std::string tls =
            "    ssl_certificate " + cert_dir() + "/cert.pem;\n    ssl_certificate_key " + cert_dir() + "/key.pem;\n";
        const std::string config =
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + d +
            "/nginx.pid;\n"
            "error_log " +
            d +
            "/error.log info;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "  access_log " +
            d +
            "/access.log;\n"
            "  client_body_temp_path " +
            d + "/client_body;\n  proxy_temp_path " + d +
            "/proxy;\n"
            "  fastcgi_temp_path " +
            d + "/fastcgi;\n  uwsgi_temp_path " + d +
            "/uwsgi;\n"
            "  scgi_temp_path " +
            d +
            "/scgi;\n"
            "  default_type text/plain;\n" +
            server(open_port, tls, "    ssl_early_data on;\n    location / { return 200 \"open\\n\"; }\n") +
            server(too_early_port, tls,
                   "    ssl_early_data on;\n"
                   "    location / {\n      if ($ssl_early_data) { return 425; }\n      return 200 \"guarded\\n\";\n"
                   "    }\n") +
            server(off_port, tls, "    location / { return 200 \"off\\n\"; }\n") + "}\n";
        nginx = std::make_unique<http_test::NginxProcess>(
            d, config,
            std::vector<std::pair<std::string, uint16_t>>{{"127.0.0.1", open_port},
                                                          {"::1", open_port},
                                                          {"127.0.0.1", too_early_port},
                                                          {"::1", too_early_port},
                                                          {"127.0.0.1", off_port},
                                                          {"::1", off_port}});
    }
};

EarlyDataNginx& early_nginx() {
    static EarlyDataNginx nginx;
    return nginx;
}

const std::vector<std::string> k_loopbacks = {"127.0.0.1", "::1"};

}  // namespace

TEST_CASE("tls behaviour: s_server -client_renegotiation completes all eleven renegotiations") {
    for (const std::string& address : k_loopbacks) {
        CAPTURE(address);
        http_test::TempDir logs;
        tls_test::OpenSslServer server(logs.path(), address, s_server_args({"-client_renegotiation"}));
        const TlsBehaviour fact = fact_of(probe(request_for(address, server.port(), aspect::client_renegotiation)));
        CHECK(fact.renegotiation_end == end::all_completed);
        CHECK(fact.renegotiations_asked == TlsBehaviour::k_renegotiations);
        CHECK(fact.renegotiations_completed == TlsBehaviour::k_renegotiations);
        CHECK(fact.version == "TLSv1.2");
    }
}

TEST_CASE("tls behaviour: s_server without -client_renegotiation refuses the first one") {
    for (const std::string& address : k_loopbacks) {
        CAPTURE(address);
        http_test::TempDir logs;
        tls_test::OpenSslServer server(logs.path(), address, s_server_args());
        const TlsBehaviour fact = fact_of(probe(request_for(address, server.port(), aspect::client_renegotiation)));
        CHECK(fact.renegotiation_end == end::refused);
        CHECK(fact.renegotiations_asked == 1);
        CHECK(fact.renegotiations_completed == 0);
        CHECK(fact.detail.find("no renegotiation") != std::string::npos);
    }
}

TEST_CASE("tls behaviour: nginx refuses client renegotiation") {
    const TlsBehaviour fact =
        fact_of(probe(request_for("127.0.0.1", early_nginx().off_port, aspect::client_renegotiation)));
    CHECK(fact.renegotiation_end == end::refused);
    CHECK(fact.renegotiations_completed == 0);
}

TEST_CASE("tls behaviour: a TLS 1.3-only server refuses the TLS <= 1.2 handshake") {
    http_test::TempDir logs;
    tls_test::OpenSslServer server(logs.path(), "127.0.0.1", s_server_args({"-tls1_3"}));
    const TlsBehaviour fact = fact_of(probe(request_for("127.0.0.1", server.port(), aspect::client_renegotiation)));
    CHECK(fact.renegotiation_end == end::no_handshake);
    CHECK(fact.renegotiations_asked == 0);
}

TEST_CASE("tls behaviour: a server that never answers is a timeout, not a refusal") {
    tls_test::SilentListener silent("127.0.0.1");
    for (const char* which : {aspect::client_renegotiation, aspect::zero_rtt}) {
        CAPTURE(which);
        const ProbeRun run = probe(request_for("127.0.0.1", silent.port(), which), 500ms);
        REQUIRE(run.calls == 1);
        REQUIRE_FALSE(run.result.ok());
        CHECK(run.result.error().kind == "timeout");
        CHECK(run.elapsed < 3s);
    }
}

TEST_CASE("tls behaviour: connection refused") {
    const uint16_t port = tls_test::free_tcp_port("127.0.0.1");
    const ProbeRun run = probe(request_for("127.0.0.1", port, aspect::zero_rtt));
    REQUIRE(run.calls == 1);
    REQUIRE_FALSE(run.result.ok());
    CHECK(run.result.error().kind == "connection-refused");
}

TEST_CASE("tls behaviour: nginx with ssl_early_data on accepts and answers early data 200") {
    for (const std::string& address : k_loopbacks) {
        CAPTURE(address);
        const TlsBehaviour fact = fact_of(probe(request_for(address, early_nginx().open_port, aspect::zero_rtt)));
        CHECK(fact.early_data == early::accepted);
        CHECK(fact.max_early_data > 0);
        CHECK(fact.resumed);
        CHECK(fact.status == 200);
        CHECK(fact.status_line == "HTTP/1.1 200 OK");
    }
}

TEST_CASE("tls behaviour: nginx answering early requests 425 Too Early") {
    const TlsBehaviour fact = fact_of(probe(request_for("127.0.0.1", early_nginx().too_early_port, aspect::zero_rtt)));
    CHECK(fact.early_data == early::accepted);
    CHECK(fact.status == 425);
    CHECK(fact.status_line.rfind("HTTP/1.1 425", 0) == 0);
}

TEST_CASE("tls behaviour: nginx without early data offers none") {
    const TlsBehaviour fact = fact_of(probe(request_for("127.0.0.1", early_nginx().off_port, aspect::zero_rtt)));
    CHECK(fact.early_data == early::not_offered);
    CHECK(fact.max_early_data == 0);
    CHECK(fact.status == 0);
}

TEST_CASE("tls behaviour: a TLS 1.2-only server has no 0-RTT to test") {
    http_test::TempDir logs;
    tls_test::OpenSslServer tls12(logs.path(), "127.0.0.1", s_server_args({"-tls1_2"}));
    const TlsBehaviour fact = fact_of(probe(request_for("127.0.0.1", tls12.port(), aspect::zero_rtt)));
    CHECK(fact.early_data == early::no_tls13);
}
