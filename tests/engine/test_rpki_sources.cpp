// The RPKI route prober's VRP sources against real servers on loopback: a Debian stayrtr
// (RTR, RFC 8210) fed from a VRP file this test writes, and nginx serving VRP files over
// HTTP. The RTR source and the JSON source must give identical verdicts; failures (refused,
// silent server, 404, oversize, malformed) must end in clear errors within their bounds;
// the URL cache must be used, refreshed and, when stale, reported so.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <thread>

#include "engine/engine_init.hpp"
#include "engine/rpki/default_source.hpp"
#include "engine/rpki/route_source.hpp"
#include "engine/rpki/vrp_cache.hpp"
#include "http_test_servers.hpp"

using namespace osescan;
using namespace std::chrono_literals;
using engine::rpki::make_route_prober;
using engine::rpki::RpkiRouteProber;
using engine::rpki::RpkiSettings;
using engine::http_test::free_tcp_port;
using engine::http_test::NginxProcess;
using engine::http_test::TempDir;
using engine::http_test::write_file;

namespace {

// VRPs exercising every RFC 6811 case: exact, covering shorter prefix with maxLength,
// several VRPs for one prefix, AS0, IPv6.
const char* k_vrps_json = R"({
  "metadata": {"buildtime": "2026-01-01T00:00:00Z"},
  "roas": [
    {"asn": "AS64500", "prefix": "198.51.100.0/24", "maxLength": 24, "ta": "test"},
    {"asn": 64501, "prefix": "198.51.0.0/16", "maxLength": 20, "ta": "test"},
    {"asn": "AS64502", "prefix": "203.0.113.0/24", "maxLength": 24, "ta": "test"},
    {"asn": "AS64503", "prefix": "203.0.113.0/24", "maxLength": 25, "ta": "test"},
    {"asn": "AS0", "prefix": "192.88.99.0/24", "maxLength": 32, "ta": "test"},
    {"asn": "AS64504", "prefix": "2001:db8::/32", "maxLength": 48, "ta": "test"},
    {"asn": "AS64505", "prefix": "2001:db8:ff00::/40", "maxLength": 40, "ta": "test"}
  ]
})";

struct ExpectedRoute {
    facts::RouteRequest route;
    std::string state;
    std::string reason;
    size_t covering;
};

const std::vector<ExpectedRoute> k_routes{
    {{"198.51.100.0/24", 64500}, "valid", "", 2},
    {{"198.51.100.0/24", 64501}, "invalid", "too-specific", 2},
    {{"198.51.96.0/20", 64501}, "valid", "", 1},
    {{"198.51.100.0/24", 64999}, "invalid", "as-mismatch", 2},
    {{"203.0.113.0/24", 64503}, "valid", "", 2},
    {{"203.0.113.128/25", 64503}, "valid", "", 2},
    {{"203.0.113.128/25", 64502}, "invalid", "too-specific", 2},
    {{"192.88.99.0/24", 64500}, "invalid", "as0", 1},
    {{"100.64.0.0/10", 64500}, "not-found", "", 0},
    {{"2001:db8:1::/48", 64504}, "valid", "", 1},
    {{"2001:db8:1::/56", 64504}, "invalid", "too-specific", 1},
    {{"2001:db8:ff00::/40", 64504}, "valid", "", 2},
    {{"2001:db8:ff00::/40", 64505}, "valid", "", 2},
    {{"2001:db8:ff00::/44", 64505}, "invalid", "too-specific", 2},
    {{"2001:db8:ff00::/44", 64999}, "invalid", "as-mismatch", 2},
    {{"2001:db9::/32", 64504}, "not-found", "", 0},
};

// Validates through the prober's public interface, on a loop, like the dispatcher does.
facts::Observed<facts::RouteValidity> validate(engine::EventLoop& loop, RpkiRouteProber& prober,
                                                const facts::RouteRequest& route) {
    std::optional<facts::Observed<facts::RouteValidity>> result;
    bool called_inside = true;
    prober.validate(route, [&](facts::Observed<facts::RouteValidity> r) { result = std::move(r); });
    called_inside = result.has_value();
    loop.run_until([&] { return result.has_value(); });
    CHECK_FALSE(called_inside);  // the prober contract: never from inside validate()
    return *result;
}

std::string load_error(const RpkiSettings& settings) {
    engine::EventLoop loop;
    try {
        auto prober = make_route_prober(loop, settings);
        return prober ? "(loaded)" : "(nullptr)";
    } catch (const std::runtime_error& e) {
        return e.what();
    }
}

void set_mtime(const std::string& path, int64_t seconds_ago) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    timespec times[2];
    times[0].tv_sec = times[1].tv_sec = static_cast<time_t>(now - seconds_ago);
    times[0].tv_nsec = times[1].tv_nsec = 0;
    REQUIRE(utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

// Debian's stayrtr serving `vrp_file` over RTR on 127.0.0.1:<port> only (no metrics, TLS
// or SSH listeners); killed by the destructor, and by the kernel if the test dies.
class StayRtr {
public:
    StayRtr(const std::string& dir, const std::string& vrp_file) : m_port(free_tcp_port()), m_log(dir + "/stayrtr.log") {
        const std::string bind = "127.0.0.1:" + std::to_string(m_port);
        std::vector<std::string> args{"stayrtr", "-bind", bind, "-cache", vrp_file, "-checktime=false",
                                      "-metrics.addr", "", "-refresh", "3600", "-loglevel", "info"};
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        const int log_fd = open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(log_fd >= 0);
        const pid_t parent = getpid();
        m_pid = fork();
        REQUIRE(m_pid >= 0);
        if (m_pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) _exit(127);
            dup2(log_fd, STDOUT_FILENO);
            dup2(log_fd, STDERR_FILENO);
            execvp("stayrtr", argv.data());
            _exit(127);
        }
        close(log_fd);
        // Ready when it has loaded the file (before that it answers "no data available").
        const auto deadline = std::chrono::steady_clock::now() + 15s;
        while (std::chrono::steady_clock::now() < deadline) {
            if (engine::http_test::read_file(m_log).find("Server started") != std::string::npos) return;
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                FAIL("stayrtr exited: " << engine::http_test::read_file(m_log));
            }
            std::this_thread::sleep_for(20ms);
        }
        FAIL("stayrtr did not start: " << engine::http_test::read_file(m_log));
    }
    ~StayRtr() {
        if (m_pid <= 0) return;
        kill(m_pid, SIGTERM);
        int status = 0;
        for (int i = 0; i < 100; ++i) {
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) return;
            std::this_thread::sleep_for(20ms);
        }
        kill(m_pid, SIGKILL);
        waitpid(m_pid, &status, 0);
    }
    StayRtr(const StayRtr&) = delete;
    StayRtr& operator=(const StayRtr&) = delete;
    uint16_t port() const { return m_port; }

private:
    uint16_t m_port;
    std::string m_log;
    pid_t m_pid = -1;
};

// A TCP listener on 127.0.0.1 that never accepts: the kernel completes the handshake
// (backlog) and then nothing is ever said.
class SilentListener {
public:
    SilentListener() {
        m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(listen(m_fd, 8) == 0);
        socklen_t length = sizeof a;
        REQUIRE(getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &length) == 0);
        m_port = ntohs(a.sin_port);
    }
    ~SilentListener() { close(m_fd); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    uint16_t port() const { return m_port; }

private:
    int m_fd = -1;
    uint16_t m_port = 0;
};

// nginx serving `dir`/www over HTTP on 127.0.0.1.
class StaticHttp {
public:
    explicit StaticHttp(const std::string& dir) : m_port(free_tcp_port()) {
        std::filesystem::create_directories(dir + "/www");
        const std::string port = std::to_string(m_port);
        const std::string config =
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + dir + "/nginx.pid;\n"
            "error_log " + dir + "/error.log info;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "  access_log " + dir + "/access.log;\n"
            "  client_body_temp_path " + dir + "/client_body;\n  proxy_temp_path " + dir + "/proxy;\n"
            "  fastcgi_temp_path " + dir + "/fastcgi;\n  uwsgi_temp_path " + dir + "/uwsgi;\n"
            "  scgi_temp_path " + dir + "/scgi;\n"
            "  default_type application/json;\n"
            "  server {\n"
            "    listen 127.0.0.1:" + port + ";\n"
            "    root " + dir + "/www;\n"
            "    location = /moved.json { return 302 /vrps.json; }\n"
            "  }\n"
            "}\n";
        m_nginx = std::make_unique<NginxProcess>(dir, config,
                                                 std::vector<std::pair<std::string, uint16_t>>{{"127.0.0.1", m_port}});
    }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }
    void stop() { m_nginx.reset(); }

private:
    uint16_t m_port;
    std::unique_ptr<NginxProcess> m_nginx;
};

}  // namespace

TEST_CASE("rpki sources: a real RTR server (stayrtr) and the JSON file give identical verdicts") {
    const engine::EngineGlobals globals;
    TempDir dir;
    const std::string file = dir.path() + "/vrps.json";
    write_file(file, k_vrps_json);
    StayRtr stayrtr(dir.path(), file);

    engine::EventLoop loop;
    RpkiSettings from_file;
    from_file.vrps = file;
    from_file.max_age = 0s;  // the file's 2026-01-01 build time must not matter here
    RpkiSettings from_rtr;
    from_rtr.rtr = "127.0.0.1:" + std::to_string(stayrtr.port());
    from_rtr.timeout = 10s;
    const auto json_prober = make_route_prober(loop, from_file);
    const auto started = std::chrono::steady_clock::now();
    const auto rtr_prober = make_route_prober(loop, from_rtr);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    REQUIRE(json_prober);
    REQUIRE(rtr_prober);

    CHECK(json_prober->source_status()["kind"] == "file");
    CHECK(json_prober->source_status()["vrps"] == 7);
    CHECK(json_prober->source_status()["generated"] == "2026-01-01T00:00:00Z");
    CHECK(json_prober->source_status()["stale"] == false);
    const nlohmann::json rtr_status = rtr_prober->source_status();
    CHECK(rtr_status["kind"] == "rtr");
    CHECK(rtr_status["location"] == from_rtr.rtr);
    CHECK(rtr_status["vrps"] == 7);
    CHECK(rtr_status["age_seconds"] == 0);
    CHECK(rtr_status["stale"] == false);

    for (const ExpectedRoute& expected : k_routes) {
        CAPTURE(expected.route.prefix);
        CAPTURE(expected.route.origin_asn);
        const auto by_json = validate(loop, *json_prober, expected.route);
        const auto by_rtr = validate(loop, *rtr_prober, expected.route);
        REQUIRE(by_json.ok());
        REQUIRE(by_rtr.ok());
        CHECK(by_json.value().state == expected.state);
        CHECK(by_json.value().reason == expected.reason);
        CHECK(by_json.value().covering.size() == expected.covering);
        CHECK(by_rtr.value() == by_json.value());
    }
}

TEST_CASE("rpki sources: RTR failures end in clear errors within the timeout") {
    const engine::EngineGlobals globals;
    RpkiSettings settings;
    settings.timeout = 1500ms;

    SUBCASE("connection refused") {
        settings.rtr = "127.0.0.1:" + std::to_string(free_tcp_port());
        const auto started = std::chrono::steady_clock::now();
        const std::string error = load_error(settings);
        CHECK(std::chrono::steady_clock::now() - started < 4s);
        CHECK(error.starts_with("RTR server " + settings.rtr + ": "));
        CHECK(error.find("refused") != std::string::npos);
    }
    SUBCASE("a server that never answers") {
        SilentListener silent;
        settings.rtr = "127.0.0.1:" + std::to_string(silent.port());
        const auto started = std::chrono::steady_clock::now();
        const std::string error = load_error(settings);
        const auto elapsed = std::chrono::steady_clock::now() - started;
        CHECK(elapsed >= 1500ms);
        CHECK(elapsed < 5s);
        CHECK(error == "RTR server " + settings.rtr + ": no complete VRP set within 1500 ms");
    }
    SUBCASE("malformed endpoints") {
        for (const char* bad : {"localhost", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "::1:323", "[::1]323",
                                "[]:323", "host name:323"}) {
            settings.rtr = bad;
            CHECK(load_error(settings) == "RTR server \"" + std::string(bad) + "\": expected HOST:PORT or [IPv6]:PORT");
        }
    }
}

TEST_CASE("rpki sources: configuration errors and files") {
    const engine::EngineGlobals globals;
    TempDir dir;
    RpkiSettings settings;
    CHECK(load_error(settings) == "(nullptr)");
    settings.vrps = dir.path() + "/vrps.json";
    settings.rtr = "127.0.0.1:323";
    CHECK(load_error(settings) == "choose one VRP source: --rpki-vrps or --rpki-rtr, not both");
    settings.rtr.clear();

    CHECK(load_error(settings) == "VRP file " + settings.vrps +
                                      ": cannot read it (missing, not a regular file, or larger than 536870912 bytes)");
    write_file(settings.vrps, R"({"roas": [{"asn": "AS1", "prefix": "10.0.0.0/8"}, {"asn": "AS1", "prefix": "10.0.0.1/8"}]})");
    CHECK(load_error(settings) == "VRP file " + settings.vrps +
                                      ": 1 malformed VRP entry (the file is rejected): roas[1]: \"prefix\" \"10.0.0.1/8\" "
                                      "is not an IP prefix without host bits");
    write_file(settings.vrps, "{\"roas\": [");
    CHECK(load_error(settings) == "VRP file " + settings.vrps + ": malformed JSON at byte 10: unexpected end of input");

    // Age: from the file's time when it states none; stale beyond max_age.
    write_file(settings.vrps, R"({"roas": [{"asn": "AS1", "prefix": "10.0.0.0/8"}]})");
    set_mtime(settings.vrps, 2 * 86400);
    engine::EventLoop loop;
    auto old_file = make_route_prober(loop, settings);
    REQUIRE(old_file);
    CHECK(old_file->source_status()["stale"] == true);
    CHECK(old_file->source_status()["age_seconds"].get<int64_t>() >= 2 * 86400);
    CHECK(old_file->source_status()["age_seconds"].get<int64_t>() < 2 * 86400 + 60);
    CHECK(old_file->source_status()["max_age_seconds"] == 86400);
    CHECK_FALSE(old_file->source_status().contains("generated"));
    settings.max_age = 3 * 86400s;
    CHECK(make_route_prober(loop, settings)->source_status()["stale"] == false);

    // A fresh copy of an old export is old: the metadata's generation time counts.
    settings.max_age = 86400s;
    write_file(settings.vrps, R"({"metadata": {"generated": 1000000000}, "roas": [{"asn": "AS1", "prefix": "10.0.0.0/8"}]})");
    const auto old_export = make_route_prober(loop, settings);
    CHECK(old_export->source_status()["stale"] == true);
    CHECK(old_export->source_status()["generated"] == "2001-09-09T01:46:40Z");
    // Bounded size.
    settings.max_bytes = 10;
    CHECK(load_error(settings).find("larger than 10 bytes") != std::string::npos);
}

TEST_CASE("rpki sources: a VRP URL is downloaded once, cached, refreshed, and a stale cache is reported") {
    const engine::EngineGlobals globals;
    TempDir dir;
    StaticHttp http(dir.path());
    write_file(dir.path() + "/www/vrps.json", k_vrps_json);
    write_file(dir.path() + "/www/garbage.json", "<html>not json</html>");
    engine::EventLoop loop;

    RpkiSettings settings;
    settings.vrps = http.url("/vrps.json");
    settings.cache_dir = dir.path() + "/cache/osescan";
    settings.max_age = 0s;  // the test file's build time is fixed; staleness is tested below
    const std::string cache_file = engine::rpki::cache_file_for(settings.cache_dir, settings.vrps);

    // 1. Downloaded, parsed, cached.
    auto first = make_route_prober(loop, settings);
    REQUIRE(first);
    CHECK(first->source_status()["kind"] == "url");
    CHECK(first->source_status()["location"] == settings.vrps);
    CHECK(first->source_status()["downloaded"] == true);
    CHECK(first->source_status()["cache_file"] == cache_file);
    CHECK(first->source_status()["vrps"] == 7);
    CHECK(engine::http_test::read_file(cache_file) == k_vrps_json);
    CHECK(validate(loop, *first, {"198.51.100.0/24", 64500}).value().state == "valid");

    // Redirects are followed.
    RpkiSettings moved = settings;
    moved.vrps = http.url("/moved.json");
    moved.cache_dir = dir.path() + "/cache2";
    CHECK(make_route_prober(loop, moved)->source_status()["vrps"] == 7);

    // Errors: 404, not JSON, too large — and nothing cached for them.
    RpkiSettings missing = settings;
    missing.vrps = http.url("/none.json");
    CHECK(load_error(missing).starts_with("VRP download " + missing.vrps + ": The requested URL returned error: 404"));
    RpkiSettings garbage = settings;
    garbage.vrps = http.url("/garbage.json");
    CHECK(load_error(garbage).starts_with("VRP download " + garbage.vrps + ": malformed JSON at byte 0"));
    CHECK_FALSE(std::filesystem::exists(engine::rpki::cache_file_for(settings.cache_dir, garbage.vrps)));
    RpkiSettings small = settings;
    small.cache_dir = dir.path() + "/cache3";
    small.max_bytes = 100;
    CHECK(load_error(small) == "VRP download " + small.vrps + ": larger than 100 bytes (no usable cached copy in " +
                                   engine::rpki::cache_file_for(small.cache_dir, small.vrps) + ")");

    // 2. A young cache is used without the network.
    http.stop();
    settings.max_age = 3600s;
    set_mtime(cache_file, 60);
    auto cached = make_route_prober(loop, settings);
    CHECK(cached->source_status()["downloaded"] == false);
    CHECK(cached->source_status()["vrps"] == 7);
    // (the file's own build time, 2026-01-01, decides staleness, not the cache's)

    // 3. An old cache and a failing download: the old copy, reported stale, with why.
    set_mtime(cache_file, 2 * 3600);
    auto stale = make_route_prober(loop, settings);
    CHECK(stale->source_status()["stale"] == true);
    CHECK(stale->source_status()["downloaded"] == false);
    CHECK(stale->source_status()["note"].get<std::string>().starts_with("download failed, using the cached copy: VRP download " +
                                                                        settings.vrps + ": "));
    CHECK(validate(loop, *stale, {"198.51.100.0/24", 64999}).value().reason == "as-mismatch");

    // 4. No cache and no server: a clear error.
    std::filesystem::remove(cache_file);
    CHECK(load_error(settings).starts_with("VRP download " + settings.vrps + ": "));
}

TEST_CASE("rpki sources: a stale cache is refreshed when the server is back; a broken download keeps the cache") {
    const engine::EngineGlobals globals;
    TempDir dir;
    StaticHttp http(dir.path());
    const std::string fresh = R"({"roas": [{"asn": "AS64500", "prefix": "198.51.100.0/24", "maxLength": 24}]})";
    write_file(dir.path() + "/www/vrps.json", fresh);
    engine::EventLoop loop;
    RpkiSettings settings;
    settings.vrps = http.url("/vrps.json");
    settings.cache_dir = dir.path() + "/cache";
    settings.max_age = 3600s;
    const std::string cache_file = engine::rpki::cache_file_for(settings.cache_dir, settings.vrps);

    REQUIRE(make_route_prober(loop, settings)->source_status()["downloaded"] == true);
    set_mtime(cache_file, 7200);
    // The server now serves garbage: the old cache is used, reported stale, and kept.
    write_file(dir.path() + "/www/vrps.json", "{\"roas\": [}");
    const auto kept = make_route_prober(loop, settings);
    CHECK(kept->source_status()["stale"] == true);
    CHECK(kept->source_status()["note"].get<std::string>().find("malformed JSON") != std::string::npos);
    CHECK(engine::http_test::read_file(cache_file) == fresh);
    // Fixed again: downloaded, the cache replaced and young.
    const std::string two = R"({"roas": [{"asn": "AS64500", "prefix": "198.51.100.0/24"}, {"asn": "AS64501", "prefix": "203.0.113.0/24"}]})";
    write_file(dir.path() + "/www/vrps.json", two);
    const auto refreshed = make_route_prober(loop, settings);
    CHECK(refreshed->source_status()["downloaded"] == true);
    CHECK(refreshed->source_status()["stale"] == false);
    CHECK(refreshed->source_status()["vrps"] == 2);
    CHECK(engine::http_test::read_file(cache_file) == two);
}

namespace {

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An rpki-client style export generated `seconds_ago`, with `roas` entries for 198.51.100.0/24.
std::string export_generated(int64_t seconds_ago, int roas) {
    std::string text = "{\"metadata\": {\"generated\": " + std::to_string(unix_now() - seconds_ago) + "}, \"roas\": [";
    for (int i = 0; i < roas; ++i)
        text += std::string(i ? ", " : "") + "{\"asn\": \"AS" + std::to_string(64500 + i) +
                "\", \"prefix\": \"198.51.100.0/24\", \"maxLength\": 24}";
    return text + "]}";
}

// The settings the CLI makes when the user names no source (cli/check_options.cpp), with the
// tests' override of the default URL pointing at `url` (never the public internet).
RpkiSettings default_settings(const std::string& url, const std::string& cache_dir) {
    ::setenv(engine::rpki::k_default_vrp_url_env, url.c_str(), 1);
    RpkiSettings settings;
    settings.vrps = engine::rpki::default_vrp_url();
    settings.builtin_default = true;
    settings.cache_dir = cache_dir;
    settings.max_age = 24h;
    settings.timeout = 2000ms;
    ::unsetenv(engine::rpki::k_default_vrp_url_env);
    return settings;
}

}  // namespace

TEST_CASE(
    "rpki sources: the default source: fetched, cached, refetched when stale, used offline, and offline "
    "without a cache one clear reason") {
    const engine::EngineGlobals globals;
    TempDir dir;
    auto http = std::make_unique<StaticHttp>(dir.path());
    engine::EventLoop loop;
    const RpkiSettings settings = default_settings(http->url("/vrps.json"), dir.path() + "/cache");
    REQUIRE(settings.vrps == http->url("/vrps.json"));
    const std::string cache_file = engine::rpki::cache_file_for(settings.cache_dir, settings.vrps);

    // 1. No cache, the source up: downloaded, cached; the status names it, its age and that it
    //    is the default.
    write_file(dir.path() + "/www/vrps.json", export_generated(600, 1));
    auto first = engine::rpki::open_route_source(loop, settings);
    REQUIRE(first.prober);
    CHECK(first.notice.empty());
    CHECK(first.status["kind"] == "url");
    CHECK(first.status["location"] == settings.vrps);
    CHECK(first.status["default"] == true);
    CHECK(first.status["downloaded"] == true);
    CHECK(first.status["vrps"] == 1);
    CHECK(first.status["stale"] == false);
    CHECK(first.status["age_seconds"].get<int64_t>() >= 600);  // the export's own time, not the download's
    CHECK(first.status["age_seconds"].get<int64_t>() < 700);
    CHECK(first.status.contains("generated"));
    CHECK(std::filesystem::exists(cache_file));

    // 2. A stale cache (its data two days old, written two days ago), the source up with new
    //    data: fetched again and the cache replaced.
    write_file(cache_file, export_generated(2 * 86400, 1));
    set_mtime(cache_file, 2 * 86400);
    write_file(dir.path() + "/www/vrps.json", export_generated(300, 2));
    auto refreshed = engine::rpki::open_route_source(loop, settings);
    REQUIRE(refreshed.prober);
    CHECK(refreshed.status["downloaded"] == true);
    CHECK(refreshed.status["stale"] == false);
    CHECK(refreshed.status["vrps"] == 2);
    CHECK(engine::http_test::read_file(cache_file) == engine::http_test::read_file(dir.path() + "/www/vrps.json"));

    // 2b. Data older than max_age but downloaded minutes ago: the export itself is behind;
    //     not fetched again within min_refetch_interval, reported stale with why.
    write_file(cache_file, export_generated(3 * 86400, 3));
    set_mtime(cache_file, 60);
    auto behind = engine::rpki::open_route_source(loop, settings);
    REQUIRE(behind.prober);
    CHECK(behind.status["downloaded"] == false);
    CHECK(behind.status["vrps"] == 3);
    CHECK(behind.status["stale"] == true);
    CHECK(behind.status["note"].get<std::string>().find("the source's own data is old") != std::string::npos);

    // 3. Offline (the server gone) with a fresh cache: used as is, no notice.
    write_file(cache_file, export_generated(3600, 2));
    set_mtime(cache_file, 3600);
    http.reset();
    auto offline = engine::rpki::open_route_source(loop, settings);
    REQUIRE(offline.prober);
    CHECK(offline.notice.empty());
    CHECK(offline.status["downloaded"] == false);
    CHECK(offline.status["stale"] == false);
    CHECK(offline.status["default"] == true);
    CHECK(offline.status["cache_file"] == cache_file);
    CHECK(validate(loop, *offline.prober, {"198.51.100.0/24", 64501}).value().state == "valid");

    // 3b. Offline with a stale cache: still used (better than nothing), reported stale.
    write_file(cache_file, export_generated(2 * 86400, 2));
    set_mtime(cache_file, 2 * 86400);
    auto stale = engine::rpki::open_route_source(loop, settings);
    REQUIRE(stale.prober);
    CHECK(stale.status["stale"] == true);
    CHECK(stale.status["note"].get<std::string>().starts_with("download failed, using the cached copy: "));

    // 4. Offline and no cache: no prober, no exception; one reason for people, naming the
    //    source and how to give one, which the RPKI checks repeat.
    std::filesystem::remove(cache_file);
    auto none = engine::rpki::open_route_source(loop, settings);
    CHECK_FALSE(none.prober);
    CHECK(none.status["kind"] == "unavailable");
    CHECK(none.status["default"] == true);
    CHECK(none.status["location"] == settings.vrps);
    const std::string reason = none.status["reason"];
    MESSAGE(reason);
    CHECK(reason.starts_with("the default VRP source could not be loaded (VRP download " + settings.vrps + ": "));
    CHECK(reason.find("--rpki-source URL|FILE") != std::string::npos);
    CHECK(reason.find("--rpki-source none") != std::string::npos);
    CHECK(none.notice == "RPKI checks skipped: " + reason);
    CHECK(none.notice.find('\n') == std::string::npos);  // one line

    // A source the user named is theirs: its failure still stops the scan (exit 3).
    RpkiSettings named = settings;
    named.builtin_default = false;
    CHECK_THROWS_AS(engine::rpki::open_route_source(loop, named), std::runtime_error);
}

TEST_CASE("rpki sources: --rpki-source none loads nothing and says so") {
    engine::EventLoop loop;
    RpkiSettings settings;
    settings.off = true;
    settings.vrps = "/nonexistent/vrps.json";  // never read
    const auto source = engine::rpki::open_route_source(loop, settings);
    CHECK_FALSE(source.prober);
    CHECK(source.notice.empty());
    CHECK(source.status ==
          nlohmann::json{{"kind", "none"}, {"reason", "the RPKI checks were turned off (--rpki-source none)"}});
    // Nothing configured at all (an old caller): no status.
    CHECK(engine::rpki::open_route_source(loop, RpkiSettings{}).status.is_null());
}
