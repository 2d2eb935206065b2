#include "cli/demo_command.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"

// `osescan demo`: bring the offline demo world up (examples/world/up, idempotent), scan
// every site in it from inside its network namespace, write the JSON report into the
// world's state directory and print one verdict line per site. The scan itself is this
// same binary's `check` subcommand run inside the namespace, so the demo exercises exactly
// what users run.

namespace osescan::cli {

namespace {

struct DemoOptions {
    std::string world_dir;             // examples/world of the source tree
    std::string report;                // JSON report path; default <state>/demo-report.json
    std::string html;                  // HTML report path; default <state>/demo-report.html
    bool explain = false;              // classroom mode of the HTML report
    std::vector<std::string> sites;    // subset; default: every site of the world
    double timeout_s = 5;
};

std::string default_world_dir() {
    if (const char* env = std::getenv("OSESCAN_SOURCE_DIR")) return std::string(env) + "/examples/world";
    return std::string(OSESCAN_SOURCE_DIR_DEFAULT) + "/examples/world";
}

std::string state_dir(const std::string& world_dir) {
    if (const char* env = std::getenv("OSESCAN_WORLD_STATE")) return env;
    return (std::filesystem::path(world_dir).parent_path().parent_path() / "build" / "world").string();
}

// fork + exec, no shell: the arguments come from world.json and the command line.
int run_process(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        execvp(args[0], args.data());
        std::perror(args[0]);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string self_path() {
    std::error_code ec;
    auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("osescan") : p.string();
}

// The score as the report's score model gives it (report/scores.hpp): "49/100 capped" in red
// when a blocking failure capped it, "100/100 incomplete" when checks could not run, "—"
// when no scored check could.
std::string score_cell(const nlohmann::json& scores, bool colour) {
    constexpr size_t k_width = 28;  // "100/100 capped, incomplete" and a space
    const nlohmann::json& overall = scores["overall"];
    std::string cell = "\u2014";
    bool red = false;
    if (overall.is_number()) {
        char number[16];
        std::snprintf(number, sizeof number, "%3ld/100", std::lround(overall.get<double>()));
        cell = number;
        const nlohmann::json& uncapped = scores["uncapped"];
        if (!scores.value("caps", nlohmann::json::array()).empty() && uncapped.is_number() &&
            overall.get<double>() < uncapped.get<double>())
            cell += " capped";
        red = overall.get<double>() < 50;
    }
    if (!scores.value("complete", true)) cell += cell.find("capped") == std::string::npos ? " incomplete" : ", incomplete";
    // The em dash is one column wide but three bytes.
    const size_t columns = cell.rfind("\u2014", 0) == 0 ? cell.size() - 2 : cell.size();
    if (columns < k_width) cell.append(k_width - columns, ' ');
    return colour && red ? "\x1b[31m" + cell + "\x1b[0m" : cell;
}

void print_site_lines(const nlohmann::json& report) {
    const char* no_color = std::getenv("NO_COLOR");
    const bool colour = ::isatty(STDOUT_FILENO) == 1 && !(no_color && no_color[0]);
    std::printf("\n%-28s %-28s%s\n", "site", "score", "verdicts");
    for (const nlohmann::json& t : report.value("targets", nlohmann::json::array())) {
        const std::string host = t["target"].value("host", "?");
        const std::string score = score_cell(t["scores"], colour);
        std::map<std::string, int> counts;
        std::vector<std::string> bad;
        for (const nlohmann::json& f : t.value("findings", nlohmann::json::array())) {
            const std::string status = f.value("status", "");
            counts[status]++;
            const std::string id = f.value("check_id", "");
            if ((status == "fail" || status == "warn" || status == "error") &&
                std::find(bad.begin(), bad.end(), status + " " + id) == bad.end())
                bad.push_back(status + " " + id);
        }
        std::string line = std::to_string(counts["pass"]) + " pass, " + std::to_string(counts["warn"]) + " warn, " +
                           std::to_string(counts["fail"]) + " fail, " + std::to_string(counts["error"]) + " error";
        std::string detail;
        for (size_t i = 0; i < bad.size() && i < 6; ++i) detail += (i ? ", " : "") + bad[i];
        if (bad.size() > 6) detail += ", ...";
        std::printf("%-28s %s%s%s%s\n", host.c_str(), score.c_str(), line.c_str(), detail.empty() ? "" : "  — ",
                    detail.c_str());
    }
}

int run_demo(const DemoOptions& options) {
    const std::string world_dir = options.world_dir.empty() ? default_world_dir() : options.world_dir;
    if (!std::filesystem::exists(world_dir + "/up")) {
        std::fprintf(stderr, "osescan demo: no demo world at %s (set OSESCAN_SOURCE_DIR to the source tree)\n",
                     world_dir.c_str());
        return exit_code::cannot_run;
    }
    std::fprintf(stderr, "osescan demo: bringing the demo world up (%s/up)...\n", world_dir.c_str());
    if (int rc = run_process({world_dir + "/up"}); rc != 0) {
        std::fprintf(stderr, "osescan demo: the demo world did not come up (exit %d)\n", rc);
        return exit_code::cannot_run;
    }
    const std::string state = state_dir(world_dir);
    nlohmann::json world;
    try {
        std::ifstream in(state + "/world.json");
        world = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "osescan demo: cannot read %s/world.json: %s\n", state.c_str(), e.what());
        return exit_code::cannot_run;
    }
    const std::string report = options.report.empty() ? state + "/demo-report.json" : options.report;
    const std::string html = options.html.empty() ? state + "/demo-report.html" : options.html;
    // examples/world/run enters the world's namespace, as root (ip netns) or rootless
    // (the user namespace `up` made), and execs the scan there.
    std::vector<std::string> argv{world_dir + "/run",
                                  self_path(),
                                  "check",
                                  "--resolver",
                                  world.value("resolver", ""),
                                  "--ca-file",
                                  world.value("ca_file", ""),
                                  "--trust-anchor",
                                  world.value("trust_anchor_file", ""),
                                  "--root-hints",
                                  world.value("root_hints_file", ""),
                                  "--allow-documentation-prefixes",
                                  "--timeout",
                                  std::to_string(options.timeout_s),
                                  "--quiet",
                                  "--fail-on",
                                  "never",
                                  "--json",
                                  report,
                                  "--html",
                                  html};
    if (options.explain) argv.push_back("--explain");
    for (const std::string& selector : world.value("dkim_selectors", std::vector<std::string>{})) {
        argv.push_back("--dkim-selector");
        argv.push_back(selector);
    }
    if (world.contains("vrp_url_by_address")) {
        argv.push_back("--rpki-vrps");
        argv.push_back(world["vrp_url_by_address"].get<std::string>());
    }
    std::vector<std::string> sites =
        options.sites.empty() ? world.value("sites", std::vector<std::string>{}) : options.sites;
    // The world's time servers (NTS, RFC 8915) are scanned as nts:// targets.
    if (options.sites.empty())
        for (const std::string& server : world.value("time_servers", std::vector<std::string>{})) sites.push_back(server);
    argv.insert(argv.end(), sites.begin(), sites.end());
    std::fprintf(stderr, "osescan demo: scanning %zu sites inside the world...\n", sites.size());
    const int rc = run_process(argv);
    if (rc != exit_code::ok) {
        std::fprintf(stderr, "osescan demo: the scan ended with exit code %d\n", rc);
        return rc == exit_code::findings ? exit_code::ok : rc;
    }
    try {
        std::ifstream in(report);
        print_site_lines(nlohmann::json::parse(in));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "osescan demo: cannot read the report %s: %s\n", report.c_str(), e.what());
        return exit_code::cannot_run;
    }
    std::printf("\nReport (HTML, open it in a browser): %s\nReport (JSON): %s\n", html.c_str(), report.c_str());
    // The same settings the demo scan used, so a trainer's own scan gives the same verdicts.
    std::string hint = world_dir + "/run osescan check good.example";
    for (size_t i = 3; i < argv.size(); ++i) {  // after "run osescan check"
        const std::string& a = argv[i];
        if (a == "--quiet" || a == "--json" || a == "--html" || a == "--fail-on" || a == "--timeout" ||
            a == "--explain")
            break;
        hint += " " + a;
    }
    for (const std::string& selector : world.value("dkim_selectors", std::vector<std::string>{})) hint += " --dkim-selector " + selector;
    if (world.contains("vrp_url_by_address")) hint += " --rpki-vrps " + world["vrp_url_by_address"].get<std::string>();
    std::printf("Scan one site yourself, inside the world:\n  %s%s\n", geteuid() == 0 ? "sudo " : "", hint.c_str());
    return exit_code::ok;
}

}  // namespace

Subcommand add_demo_command(CLI::App& parent) {
    CLI::App* app = parent.add_subcommand(
        "demo", "Bring up the offline demo world (examples/world) and scan every site in it (root, or rootless with user namespaces)");
    auto options = std::make_shared<DemoOptions>();
    app->add_option("sites", options->sites, "Scan only these demo sites (default: all)");
    app->add_option("--world-dir", options->world_dir, "The demo world's folder (default: examples/world of the source tree)");
    app->add_option("--json", options->report, "Where to write the JSON report (default: <world state>/demo-report.json)");
    app->add_option("--html", options->html, "Where to write the HTML report (default: <world state>/demo-report.html)");
    app->add_flag("--explain", options->explain, "Classroom mode: the HTML report with every explanation unfolded");
    app->add_option("--timeout", options->timeout_s, "Timeout of each network operation")->check(CLI::Range(0.1, 600.0));
    app->footer(exit_code::k_help_text);
    return {app, [options] { return run_demo(*options); }};
}

}  // namespace osescan::cli
