#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "checks/registry.hpp"
#include "cli/check_options.hpp"
#include "report/fail_on.hpp"
#include "cli/recorded_targets.hpp"

using namespace osescan;
using cli::CheckOptions;
using cli::plan_check;

namespace {
CheckOptions with_target(const std::string& target) {
    CheckOptions o;
    o.targets = {target};
    return o;
}

bool has_error_containing(const cli::CheckPlanResult& r, const std::string& text) {
    return std::any_of(r.errors.begin(), r.errors.end(),
                       [&](const std::string& e) { return e.find(text) != std::string::npos; });
}

checks::TargetResult result_with(std::initializer_list<checks::Status> statuses) {
    checks::TargetResult r;
    for (checks::Status s : statuses) r.findings.push_back(checks::Finding{"x", "", s, "o", "s", {}});
    return r;
}
}  // namespace

TEST_CASE("defaults make a valid plan with every check") {
    const auto r = plan_check(with_target("example.com"));
    REQUIRE(r.ok());
    CHECK(r.plan.targets.size() == 1);
    CHECK(r.plan.checks.size() == checks::all_checks().size());
    CHECK(r.plan.fail_on == report::FailOn::fail);
    CHECK(r.plan.scan.probe.timeout == std::chrono::milliseconds(10000));
    CHECK(r.plan.scan.deadline == std::chrono::milliseconds(600000));
    CHECK(r.plan.scan.concurrency == 32);
    CHECK(r.plan.text_on_stdout);
}

TEST_CASE("options reach the engine settings") {
    CheckOptions o = with_target("example.com");
    o.timeout_s = 2.5;
    o.deadline_s = 30;
    o.concurrency = 4;
    o.resolvers = {"127.0.0.53", "[::1]:5353"};
    o.ca_file = "/tmp/ca.pem";
    o.trust_anchor = "/tmp/root.key";
    o.dnssec_forwarder = "127.0.0.1:5300";
    o.fail_on = "warn";
    const auto r = plan_check(o);
    REQUIRE(r.ok());
    CHECK(r.plan.scan.probe.timeout == std::chrono::milliseconds(2500));
    CHECK(r.plan.scan.deadline == std::chrono::milliseconds(30000));
    CHECK(r.plan.scan.concurrency == 4);
    CHECK(r.plan.scan.probe.resolvers == std::vector<std::string>{"127.0.0.53", "[::1]:5353"});
    CHECK(r.plan.scan.probe.ca_file == "/tmp/ca.pem");
    CHECK(r.plan.scan.probe.trust_anchor_file == "/tmp/root.key");
    CHECK(r.plan.scan.probe.dnssec_forwarder == "127.0.0.1:5300");
    CHECK(r.plan.fail_on == report::FailOn::warn);
}

TEST_CASE("targets are validated and de-duplicated after normalisation") {
    CheckOptions o;
    o.targets = {"Example.com", "example.com.", "https://example.com/", "https://example.com:8443/",
                 "bad_target!", "198.51.100.1"};
    auto r = plan_check(o);
    CHECK(r.errors == std::vector<std::string>{
                          "invalid target 'bad_target!': label 'bad_target!' has a character not "
                          "allowed in a host name (letters, digits and hyphens only)"});
    o.targets.erase(o.targets.begin() + 4);
    r = plan_check(o);
    REQUIRE(r.ok());
    REQUIRE(r.plan.targets.size() == 3);
    CHECK(r.plan.targets[0].input == "Example.com");  // the first spelling is kept
    CHECK(r.plan.targets[1].port == 8443);
    CHECK(r.plan.targets[2].host == "198.51.100.1");
}

TEST_CASE("a target with a terminal escape is quoted harmlessly in the error") {
    const auto r = plan_check(with_target("evil\x1b[2J.example"));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find('\x1b') == std::string::npos);
    CHECK(r.errors[0].find("evil\\x1b[2J.example") != std::string::npos);
}

TEST_CASE("no target is a usage error unless replaying") {
    CheckOptions o;
    CHECK(has_error_containing(plan_check(o), "no target given"));
    o.from_facts = "facts.json";
    CHECK(plan_check(o).ok());
}

TEST_CASE("--only and --skip take families, ids and prefixes; unknown terms are errors") {
    CheckOptions o = with_target("example.com");
    o.only = {"https"};
    auto r = plan_check(o);
    REQUIRE(r.ok());
    REQUIRE_FALSE(r.plan.checks.empty());
    for (const checks::Check* c : r.plan.checks) CHECK(c->info.family == checks::Family::https);

    const std::string first_id{checks::all_checks().front().info.id};
    o.only = {first_id, " "};  // blanks from "a,,b" are dropped
    r = plan_check(o);
    REQUIRE(r.ok());
    REQUIRE(r.plan.checks.size() == 1);
    CHECK(r.plan.checks[0]->info.id == first_id);

    o.only = {};
    o.skip = {first_id};
    r = plan_check(o);
    REQUIRE(r.ok());
    CHECK(r.plan.checks.size() == checks::all_checks().size() - 1);

    o.only = {"nonsense"};
    o.skip = {"tls.nothing"};
    r = plan_check(o);
    CHECK(r.errors == std::vector<std::string>{
                          "unknown check or family 'nonsense' in --only/--skip (see `osescan list-checks`)",
                          "unknown check or family 'tls.nothing' in --only/--skip (see `osescan list-checks`)"});
}

TEST_CASE("numbers are bounded") {
    CheckOptions o = with_target("example.com");
    o.timeout_s = 0;
    CHECK(has_error_containing(plan_check(o), "--timeout must be more than 0"));
    o.timeout_s = std::nan("");
    CHECK(has_error_containing(plan_check(o), "--timeout"));
    o.timeout_s = 3601;
    CHECK(has_error_containing(plan_check(o), "--timeout"));
    o.timeout_s = 0.5;
    CHECK(plan_check(o).ok());
    o.deadline_s = -1;
    CHECK(has_error_containing(plan_check(o), "--deadline must be more than 0"));
    o.deadline_s = INFINITY;
    CHECK(has_error_containing(plan_check(o), "--deadline"));
    o.deadline_s = 600;
    o.concurrency = 0;
    CHECK(has_error_containing(plan_check(o), "--concurrency must be between 1 and 4096"));
    o.concurrency = -5;
    CHECK(has_error_containing(plan_check(o), "--concurrency"));
    o.concurrency = 1;
    CHECK(plan_check(o).ok());
}

TEST_CASE("--fail-on accepts exactly warn, fail, error, never") {
    CheckOptions o = with_target("example.com");
    for (const char* level : {"warn", "fail", "error", "never"}) {
        o.fail_on = level;
        CHECK(plan_check(o).ok());
    }
    o.fail_on = "FAIL";
    CHECK(has_error_containing(plan_check(o), "--fail-on must be warn, fail, error or never, not 'FAIL'"));
}

TEST_CASE("resolver addresses: IP, IP:port, [IPv6]:port") {
    CHECK(cli::resolver_problem("127.0.0.53").empty());
    CHECK(cli::resolver_problem("127.0.0.53:5353").empty());
    CHECK(cli::resolver_problem("2001:db8::53").empty());
    CHECK(cli::resolver_problem("[2001:db8::53]").empty());
    CHECK(cli::resolver_problem("[2001:db8::53]:53").empty());
    CHECK(cli::resolver_problem("") == "empty address");
    CHECK(cli::resolver_problem("dns.example").find("not an IP address") == 0);
    CHECK(cli::resolver_problem("127.0.0.53:0") == "invalid port (1-65535)");
    CHECK(cli::resolver_problem("127.0.0.300:53") == "not a valid IPv4 address");
    CHECK(cli::resolver_problem("[2001:db8::53]:x") == "invalid port after ']' (1-65535)");
    CHECK(cli::resolver_problem("[2001:db8::53") == "unterminated '['");
    CHECK(cli::resolver_problem("[1.2.3.4]:53") == "not a valid IPv6 address in brackets");

    CheckOptions o = with_target("example.com");
    o.resolvers = {"8.8.8.8", "resolver.example"};
    o.dnssec_forwarder = "x";
    const auto r = plan_check(o);
    CHECK(r.errors.size() == 2);
    CHECK(has_error_containing(r, "invalid --resolver 'resolver.example'"));
    CHECK(has_error_containing(r, "invalid --dnssec-forwarder 'x'"));
}

TEST_CASE("outputs: stdout can be taken once; text goes away when it is taken") {
    CheckOptions o = with_target("example.com");
    o.json_path = "-";
    auto r = plan_check(o);
    REQUIRE(r.ok());
    CHECK_FALSE(r.plan.text_on_stdout);
    o.json_path = "report.json";
    CHECK(plan_check(o).plan.text_on_stdout);
    o.quiet = true;
    CHECK_FALSE(plan_check(o).plan.text_on_stdout);
    o.quiet = false;
    o.save_facts = "-";
    CHECK_FALSE(plan_check(o).plan.text_on_stdout);
    o.json_path = "-";
    CHECK(has_error_containing(plan_check(o), "cannot both write to standard output"));
    o.json_path = "";
    o.save_facts = "facts.json";
    o.from_facts = "facts.json";
    CHECK(has_error_containing(plan_check(o), "would overwrite the --from-facts file"));
}

TEST_CASE("the report's options object") {
    CheckOptions o = with_target("example.com");
    o.only = {"tls", " https "};
    o.timeout_s = 3;
    const nlohmann::json j = cli::options_to_json(o);
    CHECK(j["only"] == nlohmann::json::array({"tls", "https"}));
    CHECK(j["skip"] == nlohmann::json::array());
    CHECK(j["timeout_s"] == 3.0);
    CHECK(j["deadline_s"] == 600.0);
    CHECK(j["concurrency"] == 32);
    CHECK(j["fail_on"] == "fail");
    CHECK(j["ca_file"].is_null());
    CHECK(j["from_facts"].is_null());
    CHECK(j["trust_anchor"].is_null());
    CHECK(j["dnssec_forwarder"].is_null());
    CHECK(j["resolvers"] == nlohmann::json::array());
    CHECK(j["rpki_vrps"].is_null());
    CHECK(j["rpki_rtr"].is_null());
    CHECK(j["rpki_max_age_h"] == 24.0);
    CHECK(j["allow_documentation_prefixes"] == false);
    CHECK(j["root_hints"].is_null());
    CHECK(j["mail"] == false);
    CHECK(j["dkim_selectors"] == nlohmann::json::array());
    CHECK(j["asn_source"] == "cymru-dns");
    CHECK(j["ntp_servers"] == nlohmann::json::array());
    CHECK(j.size() == 20);
}

TEST_CASE("--mail selects the mail family and every check about the MX hosts") {
    CheckOptions o = with_target("example.com");
    o.mail = true;
    const cli::CheckPlanResult r = cli::plan_check(o);
    REQUIRE(r.ok());
    std::vector<std::string> ids;
    for (const checks::Check* c : r.plan.checks) ids.emplace_back(c->info.id);
    CHECK(std::find(ids.begin(), ids.end(), "mail.spf") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "mail.dmarc") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "mail.mx") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "mail.dkim") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "mail.starttls") != ids.end());
    for (const std::string& id : ids) {
        INFO(id);
        CHECK((id.starts_with("mail.") || id.find(".mx.") != std::string::npos));
    }
    CHECK(std::find(ids.begin(), ids.end(), "tls.version") == ids.end());
    // --skip still applies on top of --mail.
    o.skip = {"mail.dkim"};
    const cli::CheckPlanResult skipped = cli::plan_check(o);
    REQUIRE(skipped.ok());
    for (const checks::Check* c : skipped.plan.checks) CHECK(c->info.id != "mail.dkim");
}

TEST_CASE("--dkim-selector and --asn-source are validated") {
    CheckOptions o = with_target("example.com");
    o.dkim_selectors = {"s1", "2024-06._rsa.key"};
    CHECK(cli::plan_check(o).ok());
    for (const char* bad : {"", "a..b", ".s1", "s1.", "s 1", "s1/x", "<script>"}) {
        o.dkim_selectors = {bad};
        const cli::CheckPlanResult r = cli::plan_check(o);
        INFO(bad);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].find("invalid --dkim-selector") == 0);
    }
    o.dkim_selectors = {std::string(64, 'a')};
    CHECK(!cli::plan_check(o).ok());
    o.dkim_selectors = {};
    o.asn_source = "ripestat";
    const cli::CheckPlanResult r = cli::plan_check(o);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find("--asn-source must be cymru-dns") == 0);
}

TEST_CASE("--root-hints reaches the probe settings") {
    CheckOptions o = with_target("example.com");
    o.root_hints = "/tmp/root.hints";
    o.trust_anchor = "/tmp/root.key";
    const cli::CheckPlanResult r = cli::plan_check(o);
    REQUIRE(r.ok());
    CHECK(r.plan.scan.probe.root_hints_file == "/tmp/root.hints");
    CHECK(r.plan.scan.probe.trust_anchor_file == "/tmp/root.key");
}

TEST_CASE("the --fail-on gate follows the severity order") {
    using checks::Status;
    const std::vector<checks::TargetResult> warn_only{result_with({Status::pass, Status::warn})};
    const std::vector<checks::TargetResult> with_fail{result_with({Status::pass}), result_with({Status::fail})};
    const std::vector<checks::TargetResult> with_error{result_with({Status::error, Status::info})};
    const std::vector<checks::TargetResult> clean{result_with({Status::pass, Status::info, Status::not_applicable})};

    CHECK(report::gate_trips(warn_only, report::FailOn::warn));
    CHECK_FALSE(report::gate_trips(warn_only, report::FailOn::fail));
    CHECK(report::gate_trips(with_fail, report::FailOn::fail));
    CHECK_FALSE(report::gate_trips(with_fail, report::FailOn::error));
    // error ranks above fail: a fail gate never passes on what could not be seen.
    CHECK(report::gate_trips(with_error, report::FailOn::fail));
    CHECK(report::gate_trips(with_error, report::FailOn::error));
    CHECK_FALSE(report::gate_trips(with_error, report::FailOn::never));
    CHECK_FALSE(report::gate_trips(clean, report::FailOn::warn));
    CHECK_FALSE(report::gate_trips({}, report::FailOn::warn));
    CHECK(report::fail_on_from_name("never") == report::FailOn::never);
    CHECK_FALSE(report::fail_on_from_name("pass").has_value());
}

TEST_CASE("replay selects recorded targets by host, and by port and path for URLs") {
    facts::FactsFile file;
    file.targets.push_back({facts::Target{"example.com", "example.com", false, 443, "/"}, {}});
    file.targets.push_back({facts::Target{"https://example.com:8443/app", "example.com", false, 8443, "/app"}, {}});
    file.targets.push_back({facts::Target{"example.org", "example.org", false, 443, "/"}, {}});

    auto all = cli::select_recorded(file, {});
    CHECK(all.records.size() == 3);
    CHECK(all.unmatched.empty());

    auto by_host = cli::select_recorded(file, {facts::Target{"EXAMPLE.com", "example.com", false, 443, "/"}});
    REQUIRE(by_host.records.size() == 2);
    CHECK(by_host.records[0] == &file.targets[0]);
    CHECK(by_host.records[1] == &file.targets[1]);

    auto by_url = cli::select_recorded(
        file, {facts::Target{"https://example.com:8443/app", "example.com", false, 8443, "/app"}});
    REQUIRE(by_url.records.size() == 1);
    CHECK(by_url.records[0] == &file.targets[1]);

    auto missing = cli::select_recorded(
        file, {facts::Target{"example.net", "example.net", false, 443, "/"},
               facts::Target{"example.org", "example.org", false, 443, "/"}});
    CHECK(missing.records.size() == 1);
    CHECK(missing.unmatched == std::vector<std::string>{"example.net"});
}

TEST_CASE("reading facts files: unreadable, not JSON, not facts") {
    CHECK_THROWS_WITH_AS(cli::read_facts_file("/nonexistent/facts.json"),
                         "cannot read facts file /nonexistent/facts.json: No such file or directory",
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(cli::read_facts_file("/"), "cannot read facts file /: is a directory",
                         std::runtime_error);
    // The schema file is JSON but not a facts file.
    CHECK_THROWS_AS(cli::read_facts_file(OSESCAN_SOURCE_DIR "/report/osescan-report.schema.json"),
                    std::runtime_error);
    CHECK_THROWS_AS(cli::read_facts_file(OSESCAN_SOURCE_DIR "/cli/app.cpp"), std::runtime_error);
}

TEST_CASE("the VRP source: the built-in default, none, a named file/URL, an RTR server; one at most") {
    ::unsetenv("OSESCAN_RPKI_DEFAULT_URL");
    SUBCASE("nothing named: the built-in default, marked as such") {
        const auto r = plan_check(with_target("example.com"));
        REQUIRE(r.ok());
        CHECK(r.plan.scan.rpki.vrps == "https://console.rpki-client.org/vrps.json");
        CHECK(r.plan.scan.rpki.builtin_default);
        CHECK_FALSE(r.plan.scan.rpki.off);
        CHECK(r.plan.scan.rpki.cache_dir.empty());  // XDG default, resolved by the engine
    }
    SUBCASE("--rpki-source default is the same") {
        CheckOptions o = with_target("example.com");
        o.rpki_source = "default";
        const auto r = plan_check(o);
        REQUIRE(r.ok());
        CHECK(r.plan.scan.rpki.builtin_default);
        CHECK(r.plan.scan.rpki.vrps == "https://console.rpki-client.org/vrps.json");
    }
    SUBCASE("--rpki-source none turns the checks off: nothing to load") {
        CheckOptions o = with_target("example.com");
        o.rpki_source = "none";
        const auto r = plan_check(o);
        REQUIRE(r.ok());
        CHECK(r.plan.scan.rpki.off);
        CHECK(r.plan.scan.rpki.vrps.empty());
        CHECK_FALSE(r.plan.scan.rpki.builtin_default);
    }
    SUBCASE("--rpki-source URL, --rpki-vrps FILE, --rpki-rtr: the user's own, never the default") {
        CheckOptions o = with_target("example.com");
        o.rpki_source = "https://vrps.example.net/vrps.json";
        o.rpki_cache = "/tmp/my-cache";
        auto r = plan_check(o);
        REQUIRE(r.ok());
        CHECK(r.plan.scan.rpki.vrps == "https://vrps.example.net/vrps.json");
        CHECK_FALSE(r.plan.scan.rpki.builtin_default);
        CHECK(r.plan.scan.rpki.cache_dir == "/tmp/my-cache");
        o.rpki_source.clear();
        o.rpki_vrps = "/tmp/vrps.json";
        r = plan_check(o);
        REQUIRE(r.ok());
        CHECK(r.plan.scan.rpki.vrps == "/tmp/vrps.json");
        CHECK_FALSE(r.plan.scan.rpki.builtin_default);
        o.rpki_vrps.clear();
        o.rpki_rtr = "127.0.0.1:323";
        r = plan_check(o);
        REQUIRE(r.ok());
        CHECK(r.plan.scan.rpki.rtr == "127.0.0.1:323");
        CHECK(r.plan.scan.rpki.vrps.empty());
        CHECK_FALSE(r.plan.scan.rpki.builtin_default);
    }
    SUBCASE("two sources: refused") {
        CheckOptions o = with_target("example.com");
        o.rpki_source = "none";
        o.rpki_rtr = "127.0.0.1:323";
        CHECK(has_error_containing(plan_check(o), "choose one VRP source: --rpki-source, --rpki-vrps or --rpki-rtr"));
        o.rpki_rtr.clear();
        o.rpki_vrps = "/tmp/vrps.json";
        CHECK(has_error_containing(plan_check(o), "choose one VRP source"));
    }
    SUBCASE("the tests' override of the default URL") {
        ::setenv("OSESCAN_RPKI_DEFAULT_URL", "http://127.0.0.1:9/vrps.json", 1);
        const auto r = plan_check(with_target("example.com"));
        ::unsetenv("OSESCAN_RPKI_DEFAULT_URL");
        REQUIRE(r.ok());
        CHECK(r.plan.scan.rpki.vrps == "http://127.0.0.1:9/vrps.json");
        CHECK(r.plan.scan.rpki.builtin_default);
    }
}

TEST_CASE("--ehlo-name and --smtp-connections: validated, and reach the SMTP prober") {
    CheckOptions o = with_target("example.com");
    auto r = plan_check(o);
    REQUIRE(r.ok());
    CHECK(r.plan.scan.probe.ehlo_name == cli::k_fallback_ehlo_name);
    CHECK(r.plan.scan.probe.smtp_per_host == 2);
    o.ehlo_name = "scanner.example.nl";
    o.smtp_connections = 1;
    r = plan_check(o);
    REQUIRE(r.ok());
    CHECK(r.plan.scan.probe.ehlo_name == "scanner.example.nl");
    CHECK(r.plan.scan.probe.smtp_per_host == 1);
    for (const char* good : {"localhost", "mx-1.example.nl", "[198.51.100.1]", "[IPv6:2001:db8::1]"}) {
        CAPTURE(good);
        CHECK(cli::valid_ehlo_name(good));
    }
    // A CR/LF would end the EHLO line and start a second command (RFC 5321 §2.3.8).
    for (const char* bad : {"a b.example", "x.example\r\nMAIL FROM:<a@b>", "-bad.example", "a..example", "[300.1.1.1]",
                            "[IPv6:zz]", "under_score.example", ""}) {
        CAPTURE(bad);
        CHECK_FALSE(cli::valid_ehlo_name(bad));
    }
    o.ehlo_name = "bad name";
    CHECK(has_error_containing(plan_check(o), "--ehlo-name"));
    o.ehlo_name = "";
    for (long long n : {0LL, -1LL, 17LL}) {
        o.smtp_connections = n;
        CHECK(has_error_containing(plan_check(o), "--smtp-connections"));
    }
}
