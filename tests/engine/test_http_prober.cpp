// CurlHttpProber against a real nginx (plain HTTP, HTTPS with HTTP/2, a TLS 1.2-only
// port) on 127.0.0.1 and ::1, and against small scripted TCP servers on the test's own
// event loop for what nginx cannot be made to send (interim responses, folded headers,
// HTTP/0.9, silence, a dripping server).

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine_init.hpp"
#include "engine/http/curl_http_prober.hpp"
#include "engine/loop/event_loop.hpp"
#include "http_test_servers.hpp"

namespace osescan::engine::http_test {
namespace {

using namespace std::chrono_literals;
using facts::HttpRequest;
using facts::HttpResponse;
using facts::Observed;
using Clock = std::chrono::steady_clock;

// The big-body file: a deterministic pattern, byte i = 'a' + (7 i mod 26), a newline
// every 64th byte. Its SHA-256 values were computed independently (Python hashlib).
std::string pattern_bytes(size_t count) {
    std::string bytes(count, '\0');
    for (size_t i = 0; i < count; ++i)
        bytes[i] = (i % 64 == 63) ? '\n' : static_cast<char>('a' + (i * 7) % 26);
    return bytes;
}
constexpr const char* k_sha256_first_100000 = "3703ecd29939e9a6f9deb23a76290aa1c567e040818961012d25f1972080b87a";
constexpr const char* k_sha256_default_block = "c3f81e9685f551c1110af9d14ed288f9c0e14c7498237475049832f61015d7ad";
constexpr const char* k_sha256_ok = "2689367b205c16ce32ed4200942b8b8b1e262dfc70d9bc9fbc77c49699a4f1df";

struct Fetched {
    Observed<HttpResponse> result;
    std::chrono::milliseconds elapsed{0};
};

// One fetch, run on the loop until it reports (or a 20 s safety net passes).
Fetched fetch_one(EventLoop& loop, CurlHttpProber& prober, const HttpRequest& request) {
    std::optional<Observed<HttpResponse>> got;
    int calls = 0;
    const auto started = Clock::now();
    prober.fetch(request, [&](Observed<HttpResponse> r) {
        ++calls;
        got = std::move(r);
    });
    REQUIRE_MESSAGE(calls == 0, "done must never be called from inside fetch()");
    bool gave_up = false;
    const auto guard = loop.after(20s, [&] { gave_up = true; });
    loop.run_until([&] { return got.has_value() || gave_up; });
    loop.cancel(guard);
    REQUIRE(got.has_value());
    CHECK(calls == 1);
    return Fetched{std::move(*got), std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)};
}

// Runs the loop for `duration` (to show that nothing more happens).
void run_for(EventLoop& loop, std::chrono::milliseconds duration) {
    bool over = false;
    loop.after(duration, [&] { over = true; });
    loop.run_until([&] { return over; });
}

HttpRequest request_for(const std::string& scheme, const std::string& host, const std::string& address,
                        uint16_t port, const std::string& path = "/") {
    return HttpRequest{scheme, host, address, port, path, "GET"};
}

std::string header_value(const HttpResponse& response, const std::string& name) {
    const facts::HttpHeader* h = response.header(name);
    return h ? h->value : "<missing>";
}

// Position of the first header with this name (ASCII case-insensitive), -1 if none.
int header_index(const HttpResponse& response, const std::string& name) {
    const facts::HttpHeader* h = response.header(name);
    if (!h) return -1;
    return static_cast<int>(h - response.headers.data());
}

std::string add_headers(const std::string& prefix, int count, const std::string& value) {
    std::string lines;
    for (int i = 0; i < count; ++i)
        lines += "      add_header " + prefix + std::to_string(1000 + i) + " \"" + value + "\";\n";
    return lines;
}

// nginx on 127.0.0.1 and ::1: plain HTTP, HTTPS (+ HTTP/2), and a TLS 1.2-only HTTPS port.
struct NginxWorld {
    TempDir dir;
    uint16_t http_port = free_tcp_port();
    uint16_t https_port = free_tcp_port();
    uint16_t tls12_port = free_tcp_port();
    std::unique_ptr<NginxProcess> nginx;

    NginxWorld() {
        const std::string d = dir.path();
        make_self_signed_certificate(d, "site.test");
        std::filesystem::create_directories(d + "/www");
        write_file(d + "/www/big.bin", pattern_bytes(300000));
        write_file(d + "/www/exact.bin", pattern_bytes(100000));
        const std::string http = std::to_string(http_port);
        const std::string https = std::to_string(https_port);
        const std::string tls12 = std::to_string(tls12_port);
        const std::string tls = "    ssl_certificate " + d + "/cert.pem;\n    ssl_certificate_key " + d + "/key.pem;\n";
        const std::string config =
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + d + "/nginx.pid;\n"
            "error_log " + d + "/error.log info;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  access_log " + d + "/access.log;\n"
            "  client_body_temp_path " + d + "/client_body;\n  proxy_temp_path " + d + "/proxy;\n"
            "  fastcgi_temp_path " + d + "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n"
            "  scgi_temp_path " + d + "/scgi;\n"
            "  default_type text/plain;\n"
            "  server {\n"
            "    listen 127.0.0.1:" + http + " default_server;\n    listen [::1]:" + http + " default_server;\n"
            "    listen 127.0.0.1:" + https + " ssl http2 default_server;\n"
            "    listen [::1]:" + https + " ssl http2 default_server;\n"
            "    server_name _;\n" + tls +
            "    ssl_protocols TLSv1.2 TLSv1.3;\n"
            "    location = / {\n"
            "      add_header X-First \"one\";\n"
            "      add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\";\n"
            "      add_header X-Padded \"  spaced  \";\n"
            "      add_header X-Second \"two\";\n"
            "      return 200 \"default block\\n\";\n"
            "    }\n"
            "    location = /echo { return 200 \"$http_user_agent|$http_accept_encoding|$host|$request_uri\\n\"; }\n"
            "    location = /moved { return 301 https://site.test/landing; }\n"
            "    location = /big { alias " + d + "/www/big.bin; }\n"
            "    location = /exact { alias " + d + "/www/exact.bin; }\n"
            "    location = /big-headers {\n" + add_headers("X-Filler-", 20, std::string(500, 'h')) +
            "      return 200 \"big headers\\n\";\n    }\n"
            "    location = /many-headers {\n" + add_headers("X-Line-", 510, "v") +
            "      return 200 \"many headers\\n\";\n    }\n"
            "  }\n"
            "  server {\n"
            "    listen 127.0.0.1:" + http + ";\n    listen [::1]:" + http + ";\n"
            "    listen 127.0.0.1:" + https + " ssl http2;\n    listen [::1]:" + https + " ssl http2;\n"
            "    server_name site.test;\n" + tls +
            "    location / { return 200 \"site.test block\\n\"; }\n"
            "  }\n"
            "  server {\n"
            "    listen 127.0.0.1:" + tls12 + " ssl;\n    listen [::1]:" + tls12 + " ssl;\n"
            "    ssl_protocols TLSv1.2;\n" + tls +
            "    location / { return 200 \"tls12 block\\n\"; }\n"
            "  }\n"
            "}\n";
        nginx = std::make_unique<NginxProcess>(
            d, config,
            std::vector<std::pair<std::string, uint16_t>>{{"127.0.0.1", http_port},  {"::1", http_port},
                                                          {"127.0.0.1", https_port}, {"::1", https_port},
                                                          {"127.0.0.1", tls12_port}, {"::1", tls12_port}});
    }
};

ProbeSettings settings_with_timeout(std::chrono::milliseconds timeout) {
    ProbeSettings settings;
    settings.timeout = timeout;
    return settings;
}

const std::vector<std::string> k_loopbacks = {"127.0.0.1", "::1"};

}  // namespace

TEST_CASE("http prober: 200 with body and headers over HTTP and HTTPS, IPv4 and IPv6") {
    EngineGlobals globals;
    NginxWorld world;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(5000ms));

    for (const std::string& address : k_loopbacks) {
        for (const std::string scheme : {"http", "https"}) {
            CAPTURE(address);
            CAPTURE(scheme);
            const uint16_t port = scheme == "http" ? world.http_port : world.https_port;
            const Fetched f = fetch_one(loop, prober, request_for(scheme, address, address, port));
            REQUIRE(f.result.ok());
            const HttpResponse& r = f.result.value();
            CHECK(r.status == 200);
            CHECK(r.body == "default block\n");
            CHECK(r.body_bytes == 14);
            CHECK_FALSE(r.body_truncated);
            CHECK(r.body_sha256 == k_sha256_default_block);
            CHECK(header_value(r, "x-first") == "one");
            CHECK(header_value(r, "Strict-Transport-Security") == "max-age=31536000; includeSubDomains");
            CHECK(header_value(r, "X-Padded") == "spaced");  // trimmed
            CHECK(header_value(r, "X-Second") == "two");
            CHECK(header_value(r, "Content-Type") == "text/plain");
            CHECK(header_value(r, "Content-Length") == "14");
            // In the order the server sent them.
            CHECK(header_index(r, "X-First") < header_index(r, "Strict-Transport-Security"));
            CHECK(header_index(r, "Strict-Transport-Security") < header_index(r, "X-Padded"));
            CHECK(header_index(r, "X-Padded") < header_index(r, "X-Second"));
            if (scheme == "http") {
                CHECK(r.http_version == "1.1");
                CHECK(r.tls_version == "");
                CHECK(r.headers.front().name == "Server");  // HTTP/1.1 keeps the server's case
            } else {
                CHECK(r.http_version == "2");  // negotiated by ALPN
                CHECK(r.tls_version == "TLSv1.3");
                CHECK(r.headers.front().name == "server");  // HTTP/2 field names are lower case
            }
        }
    }

    SUBCASE("an error status is a fact, not a probe error") {
        const Fetched f = fetch_one(loop, prober, request_for("http", "127.0.0.1", "127.0.0.1", world.http_port, "/none"));
        REQUIRE(f.result.ok());
        CHECK(f.result.value().status == 404);
        CHECK(f.result.value().body.find("404 Not Found") != std::string::npos);
    }
    SUBCASE("HEAD has no body") {
        HttpRequest head = request_for("http", "127.0.0.1", "127.0.0.1", world.http_port);
        head.method = "HEAD";
        const Fetched f = fetch_one(loop, prober, head);
        REQUIRE(f.result.ok());
        CHECK(f.result.value().status == 200);
        CHECK(f.result.value().body == "");
        CHECK(f.result.value().body_bytes == 0);
        CHECK(header_value(f.result.value(), "X-First") == "one");
    }
}

TEST_CASE("http prober: request line and headers sent") {
    EngineGlobals globals;
    NginxWorld world;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(5000ms));
    for (const std::string scheme : {"http", "https"}) {
        CAPTURE(scheme);
        const uint16_t port = scheme == "http" ? world.http_port : world.https_port;
        // User-Agent, the Accept-Encoding libcurl can decode (http.compression needs the offer;
        // the body is stored decoded), recorded in the response as offered, Host = the
        // request's host, and the path exactly as asked (not normalised by the client).
        const Fetched f = fetch_one(loop, prober, request_for(scheme, "echo.test", "127.0.0.1", port, "/x/../echo"));
        REQUIRE(f.result.ok());
        CHECK(f.result.value().status == 200);
        const std::string offered = f.result.value().accept_encoding;
        CHECK(offered.find("gzip") != std::string::npos);
        CHECK(f.result.value().body == std::string(http::k_user_agent) + "|" + offered + "|echo.test|/x/../echo\n");
    }
}

TEST_CASE("http prober: redirects are recorded, not followed") {
    EngineGlobals globals;
    NginxWorld world;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(5000ms));
    for (const std::string& address : k_loopbacks) {
        CAPTURE(address);
        const Fetched f = fetch_one(loop, prober, request_for("http", "example.test", address, world.http_port, "/moved"));
        REQUIRE(f.result.ok());
        const HttpResponse& r = f.result.value();
        CHECK(r.status == 301);
        CHECK(header_value(r, "Location") == "https://site.test/landing");
        CHECK(r.body.find("301 Moved Permanently") != std::string::npos);
    }
}

TEST_CASE("http prober: the body is kept up to the bound") {
    EngineGlobals globals;
    NginxWorld world;
    EventLoop loop;
    ProbeSettings settings = settings_with_timeout(5000ms);
    settings.max_http_body = 100000;
    CurlHttpProber prober(loop, settings);
    for (const std::string scheme : {"http", "https"}) {
        CAPTURE(scheme);
        const uint16_t port = scheme == "http" ? world.http_port : world.https_port;
        {
            // 300000 bytes sent: the first 100000 are kept and the transfer stopped.
            const Fetched f = fetch_one(loop, prober, request_for(scheme, "127.0.0.1", "127.0.0.1", port, "/big"));
            REQUIRE(f.result.ok());
            const HttpResponse& r = f.result.value();
            CHECK(r.status == 200);
            CHECK(header_value(r, "Content-Length") == "300000");
            CHECK(r.body_truncated);
            CHECK(r.body_bytes == 100000);
            CHECK(r.body.size() == 100000);
            CHECK(r.body == pattern_bytes(100000));
            CHECK(r.body_sha256 == k_sha256_first_100000);
        }
        {
            // Exactly the bound: all kept, nothing cut.
            const Fetched f = fetch_one(loop, prober, request_for(scheme, "127.0.0.1", "127.0.0.1", port, "/exact"));
            REQUIRE(f.result.ok());
            const HttpResponse& r = f.result.value();
            CHECK(r.status == 200);
            CHECK_FALSE(r.body_truncated);
            CHECK(r.body_bytes == 100000);
            CHECK(r.body_sha256 == k_sha256_first_100000);
        }
    }
}

TEST_CASE("http prober: too many or too big headers end as too-large") {
    EngineGlobals globals;
    NginxWorld world;
    EventLoop loop;
    ProbeSettings settings = settings_with_timeout(5000ms);
    settings.max_http_headers = 8192;
    CurlHttpProber prober(loop, settings);
    for (const std::string scheme : {"http", "https"}) {
        CAPTURE(scheme);
        const uint16_t port = scheme == "http" ? world.http_port : world.https_port;
        // 20 headers of 500 bytes > 8192 bytes.
        const Fetched big = fetch_one(loop, prober, request_for(scheme, "127.0.0.1", "127.0.0.1", port, "/big-headers"));
        REQUIRE_FALSE(big.result.ok());
        CHECK(big.result.error().kind == "too-large");
        CHECK(big.result.error().detail == "response headers exceed 8192 bytes");
        // The same prober still reads a normal response.
        const Fetched normal = fetch_one(loop, prober, request_for(scheme, "127.0.0.1", "127.0.0.1", port, "/"));
        REQUIRE(normal.result.ok());
        CHECK(normal.result.value().status == 200);
    }
    // 510 small header lines: within the default byte bound, over the line bound.
    CurlHttpProber default_prober(loop, settings_with_timeout(5000ms));
    for (const std::string scheme : {"http", "https"}) {
        CAPTURE(scheme);
        const uint16_t port = scheme == "http" ? world.http_port : world.https_port;
        const Fetched many =
            fetch_one(loop, default_prober, request_for(scheme, "127.0.0.1", "127.0.0.1", port, "/many-headers"));
        REQUIRE_FALSE(many.result.ok());
        CHECK(many.result.error().kind == "too-large");
        CHECK(many.result.error().detail == "response headers exceed 500 lines");
    }
}

TEST_CASE("http prober: the connection is pinned to the address, Host and SNI carry the name") {
    EngineGlobals globals;
    NginxWorld world;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(5000ms));
    for (const std::string& address : k_loopbacks) {
        for (const std::string scheme : {"http", "https"}) {
            CAPTURE(address);
            CAPTURE(scheme);
            const uint16_t port = scheme == "http" ? world.http_port : world.https_port;
            const Fetched named = fetch_one(loop, prober, request_for(scheme, "site.test", address, port));
            REQUIRE(named.result.ok());
            CHECK(named.result.value().body == "site.test block\n");
            const Fetched literal = fetch_one(loop, prober, request_for(scheme, address, address, port));
            REQUIRE(literal.result.ok());
            CHECK(literal.result.value().body == "default block\n");
            const Fetched other = fetch_one(loop, prober, request_for(scheme, "other.test", address, port));
            REQUIRE(other.result.ok());
            CHECK(other.result.value().body == "default block\n");
        }
    }
}

TEST_CASE("http prober: the negotiated TLS version is recorded") {
    EngineGlobals globals;
    NginxWorld world;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(5000ms));
    for (const std::string& address : k_loopbacks) {
        CAPTURE(address);
        const Fetched f = fetch_one(loop, prober, request_for("https", "site.test", address, world.tls12_port));
        REQUIRE(f.result.ok());
        CHECK(f.result.value().status == 200);
        CHECK(f.result.value().body == "tls12 block\n");
        CHECK(f.result.value().tls_version == "TLSv1.2");
        CHECK(f.result.value().http_version == "1.1");  // no h2 on that port
    }
    SUBCASE("TLS to a plain HTTP port is a handshake error") {
        const Fetched f = fetch_one(loop, prober, request_for("https", "site.test", "127.0.0.1", world.http_port));
        REQUIRE_FALSE(f.result.ok());
        CHECK(f.result.error().kind == "tls-handshake-error");
        CHECK_FALSE(f.result.error().detail.empty());
    }
}

TEST_CASE("http prober: connection refused") {
    EngineGlobals globals;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(5000ms));
    const uint16_t closed_port = free_tcp_port();
    for (const std::string& address : k_loopbacks) {
        for (const std::string scheme : {"http", "https"}) {
            CAPTURE(address);
            CAPTURE(scheme);
            const Fetched f = fetch_one(loop, prober, request_for(scheme, "site.test", address, closed_port));
            REQUIRE_FALSE(f.result.ok());
            CHECK(f.result.error().kind == "connection-refused");
            CHECK(f.elapsed < 2000ms);
        }
    }
}

TEST_CASE("http prober: a server that never answers ends as timeout after about the timeout") {
    EngineGlobals globals;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(1000ms));
    for (const std::string& address : k_loopbacks) {
        CAPTURE(address);
        ScriptedTcpServer silent(loop, address, {});
        const Fetched f = fetch_one(loop, prober, request_for("http", "site.test", address, silent.port()));
        REQUIRE_FALSE(f.result.ok());
        CHECK(f.result.error().kind == "timeout");
        CHECK(silent.accepted() == 1);
        CHECK(f.elapsed >= 950ms);
        CHECK(f.elapsed < 2500ms);
    }
    SUBCASE("the timeout bounds the whole transfer, not just silences") {
        ScriptedTcpServer::Script drip;
        drip.reply = "HTTP/1.1 200 OK\r\nX-Slow: " + std::string(200, 's') + "\r\n\r\n";
        drip.drip_interval = 50ms;  // 200+ bytes at 20 a second: 10+ s
        ScriptedTcpServer dripping(loop, "127.0.0.1", drip);
        const Fetched f = fetch_one(loop, prober, request_for("http", "site.test", "127.0.0.1", dripping.port()));
        REQUIRE_FALSE(f.result.ok());
        CHECK(f.result.error().kind == "timeout");
        CHECK(f.elapsed >= 950ms);
        CHECK(f.elapsed < 2500ms);
    }
    SUBCASE("TLS to a server that never answers") {
        ScriptedTcpServer silent(loop, "::1", {});
        const Fetched f = fetch_one(loop, prober, request_for("https", "site.test", "::1", silent.port()));
        REQUIRE_FALSE(f.result.ok());
        CHECK(f.result.error().kind == "timeout");
        CHECK(f.elapsed >= 950ms);
        CHECK(f.elapsed < 2500ms);
    }
}

TEST_CASE("http prober: unusual responses") {
    EngineGlobals globals;
    EventLoop loop;
    CurlHttpProber prober(loop, settings_with_timeout(3000ms));
    const auto fetch_script = [&](const std::string& reply) {
        ScriptedTcpServer server(loop, "127.0.0.1", ScriptedTcpServer::Script{reply, 0ms, false});
        return fetch_one(loop, prober, request_for("http", "site.test", "127.0.0.1", server.port())).result;
    };

    SUBCASE("only the final response's headers are kept after interim 1xx responses") {
        const auto r = fetch_script(
            "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            "HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        REQUIRE(r.ok());
        CHECK(r.value().status == 200);
        REQUIRE(r.value().headers.size() == 3);
        CHECK(r.value().headers[0] == facts::HttpHeader{"X-Final", "yes"});
        CHECK(r.value().headers[1] == facts::HttpHeader{"Content-Length", "2"});
        CHECK(r.value().headers[2] == facts::HttpHeader{"Connection", "close"});
        CHECK(r.value().body == "ok");
        CHECK(r.value().body_sha256 == k_sha256_ok);
    }
    SUBCASE("HTTP/1.0, a folded header, raw bytes kept") {
        const auto r = fetch_script(
            "HTTP/1.0 200 OK\r\nX-Folded: first\r\n   second\r\nX-Raw: caf\xc3\xa9 \x01\r\nContent-Length: 2\r\n\r\nok");
        REQUIRE(r.ok());
        CHECK(r.value().http_version == "1.0");
        CHECK(header_value(r.value(), "X-Folded") == "first second");
        CHECK(header_value(r.value(), "X-Raw") == "caf\xc3\xa9 \x01");
    }
    SUBCASE("500 header lines are accepted, 501 are too many") {
        std::string lines;
        for (int i = 0; i < 499; ++i) lines += "X-L" + std::to_string(i) + ": v\r\n";
        const auto at_bound = fetch_script("HTTP/1.1 200 OK\r\n" + lines + "Content-Length: 2\r\n\r\nok");
        REQUIRE(at_bound.ok());
        CHECK(at_bound.value().headers.size() == 500);
        const auto over = fetch_script("HTTP/1.1 200 OK\r\n" + lines + "X-One-More: v\r\nContent-Length: 2\r\n\r\nok");
        REQUIRE_FALSE(over.ok());
        CHECK(over.error() == facts::ProbeError{"too-large", "response headers exceed 500 lines"});
    }
    SUBCASE("not HTTP at all") {
        const auto r = fetch_script("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == "http-error");
    }
    SUBCASE("a connection closed without a reply") {
        ScriptedTcpServer closing(loop, "127.0.0.1", ScriptedTcpServer::Script{"", 0ms, true});
        const auto r = fetch_one(loop, prober, request_for("http", "site.test", "127.0.0.1", closing.port())).result;
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == "connection-reset");
    }
}

TEST_CASE("http prober: the callback contract") {
    EngineGlobals globals;
    EventLoop loop;
    ProbeSettings settings = settings_with_timeout(800ms);

    SUBCASE("requests that cannot start report from the loop, not from fetch()") {
        CurlHttpProber prober(loop, settings);
        const std::vector<HttpRequest> bad = {
            request_for("http", "site.test", "not-an-address", 80),
            request_for("ftp", "site.test", "127.0.0.1", 21),
            request_for("http", "user@evil.test", "127.0.0.1", 80),
            request_for("http", "site.test", "127.0.0.1", 0),
        };
        for (const HttpRequest& request : bad) {
            CAPTURE(request.host);
            CAPTURE(request.address);
            const Fetched f = fetch_one(loop, prober, request);
            REQUIRE_FALSE(f.result.ok());
            CHECK(f.result.error().kind == "internal");
        }
    }
    SUBCASE("Cancel suppresses the callback") {
        CurlHttpProber prober(loop, settings);
        ScriptedTcpServer silent(loop, "127.0.0.1", {});
        int calls = 0;
        Cancel cancel = prober.fetch(request_for("http", "site.test", "127.0.0.1", silent.port()),
                                     [&](Observed<HttpResponse>) { ++calls; });
        run_for(loop, 100ms);
        CHECK(silent.accepted() == 1);  // connected, then cancelled
        cancel();
        cancel();  // twice is harmless
        run_for(loop, 1500ms);  // well past the timeout
        CHECK(calls == 0);
        // A cancelled request that could not even start stays silent too.
        Cancel cancel_bad = prober.fetch(request_for("http", "x", "bad", 80), [&](Observed<HttpResponse>) { ++calls; });
        cancel_bad();
        run_for(loop, 50ms);
        CHECK(calls == 0);
    }
    SUBCASE("a prober destroyed with transfers in flight calls nothing; its Cancels stay safe") {
        ScriptedTcpServer silent(loop, "127.0.0.1", {});
        int calls = 0;
        Cancel cancel;
        {
            CurlHttpProber prober(loop, settings);
            cancel = prober.fetch(request_for("http", "site.test", "127.0.0.1", silent.port()),
                                  [&](Observed<HttpResponse>) { ++calls; });
            run_for(loop, 100ms);
        }
        cancel();
        run_for(loop, 1200ms);
        CHECK(calls == 0);
    }
    SUBCASE("many transfers at once each report exactly once") {
        ScriptedTcpServer::Script ok;
        ok.reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        ScriptedTcpServer server(loop, "::1", ok);
        ScriptedTcpServer silent(loop, "127.0.0.1", {});
        CurlHttpProber prober(loop, settings);
        const uint16_t closed_port = free_tcp_port();
        std::vector<int> calls(30, 0);
        std::vector<std::string> outcome(30);
        for (size_t i = 0; i < calls.size(); ++i) {
            HttpRequest request = i % 3 == 0   ? request_for("http", "site.test", "::1", server.port())
                                  : i % 3 == 1 ? request_for("http", "site.test", "127.0.0.1", silent.port())
                                               : request_for("http", "site.test", "127.0.0.1", closed_port);
            prober.fetch(request, [&calls, &outcome, i](Observed<HttpResponse> r) {
                ++calls[i];
                outcome[i] = r.ok() ? std::to_string(r.value().status) : r.error().kind;
            });
        }
        run_for(loop, 2000ms);
        for (size_t i = 0; i < calls.size(); ++i) {
            CAPTURE(i);
            CHECK(calls[i] == 1);
            CHECK(outcome[i] == (i % 3 == 0 ? "200" : i % 3 == 1 ? "timeout" : "connection-refused"));
        }
        CHECK(server.accepted() == 10);
        CHECK(silent.accepted() == 10);
    }
}

}  // namespace osescan::engine::http_test
