#include "cli/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "cli/exit_codes.hpp"
#include "cli/recorded_targets.hpp"
#include "engine/facts/facts_json.hpp"
#include "engine/scanner.hpp"
#include "osescan_version.hpp"
#include "report/atomic_file.hpp"
#include "report/json_report.hpp"
#include "report/report_model.hpp"
#include "report/terminal_text.hpp"
#include "report/text_report.hpp"

namespace osescan::cli {

namespace {
// Messages may quote the command line or a file: escaped like any text for a terminal.
void print_error(const std::string& message) {
    std::fprintf(stderr, "osescan: error: %s\n", report::terminal_safe(message).c_str());
}

// Text goes out target by target as each completes, so a long scan shows progress.
class TextSink {
public:
    TextSink(bool enabled, report::TextOptions options) : m_enabled(enabled), m_options(options) {}
    void target(const checks::TargetResult& result) {
        if (!m_enabled) return;
        write((m_count++ ? "\n" : "") + report::render_target_text(result, m_options));
    }
    void footer(const report::ScanReport& scan) {
        if (m_enabled) write(report::render_scan_footer_text(scan, m_options));
    }

private:
    static void write(const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    }
    bool m_enabled;
    report::TextOptions m_options;
    size_t m_count = 0;
};

// Files the engine will open; told apart from "the scan failed" so the message is clear.
// Unreadable is exit 3 ("could not run"), like any other ScanSetupError.
std::string unreadable_file(const std::string& option, const std::string& path) {
    if (path.empty() || ::access(path.c_str(), R_OK) == 0) return {};
    return "cannot read " + option + " " + path;
}

// Judgement-relevant settings recorded with the facts (ScanContext::settings), so that a
// replay knows what the live scan trusted.
nlohmann::json judgement_settings(const CheckOptions& options) {
    return {{"custom_ca", !options.ca_file.empty()},
            {"custom_trust_anchor", !options.trust_anchor.empty()},
            {"ipv6.allow_documentation_prefix", options.allow_documentation_prefixes},
            {"mail.dkim_selectors", options.dkim_selectors},
            {"rpki.asn_source", options.asn_source}};
}

void sort_by_plan_order(std::vector<checks::TargetResult>& results, const std::vector<facts::Target>& order) {
    auto index = [&](const facts::Target& t) {
        return std::find(order.begin(), order.end(), t) - order.begin();
    };
    std::stable_sort(results.begin(), results.end(),
                     [&](const checks::TargetResult& a, const checks::TargetResult& b) {
                         return index(a.target) < index(b.target);
                     });
}

std::string facts_text(const report::ScanReport& scan) {
    facts::FactsFile file;
    file.context = scan.context;
    for (const checks::TargetResult& r : scan.targets) file.targets.push_back({r.target, r.facts});
    return report::dump_json(facts::facts_file_to_json(file));
}
}  // namespace

int run_check_command(const CheckOptions& options) {
    CheckPlanResult planned = plan_check(options);
    if (!planned.ok()) {
        for (const std::string& e : planned.errors) print_error(e);
        return exit_code::usage;
    }
    const CheckPlan& plan = planned.plan;

    report::ScanReport scan;
    scan.tool_version = OSESCAN_VERSION;
    scan.options = options_to_json(options);
    scan.checks = plan.checks;
    const report::TextOptions text_options{
        report::use_colour(::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR")), options.verbose};
    TextSink text(plan.text_on_stdout, text_options);
    auto on_result = [&](checks::TargetResult result) {
        text.target(result);
        scan.targets.push_back(std::move(result));
    };

    scan.started = std::chrono::system_clock::now();
    if (!options.from_facts.empty()) {
        // Replay: no network; the recorded context (clock, settings) is what judges.
        facts::FactsFile file;
        try {
            file = read_facts_file(options.from_facts);
        } catch (const std::exception& e) {
            print_error(e.what());
            return exit_code::usage;
        }
        const RecordedSelection selection = select_recorded(file, plan.targets);
        if (!selection.unmatched.empty()) {
            for (const std::string& input : selection.unmatched)
                print_error("target '" + report::terminal_safe(input) + "' is not in the facts file " +
                            options.from_facts);
            return exit_code::usage;
        }
        scan.context = file.context;
        for (const facts::TargetFactsRecord* record : selection.records)
            on_result(engine::judge_recorded(record->target, file.context, record->store, plan.checks));
    } else {
        for (const std::string& problem : {unreadable_file("--ca-file", options.ca_file),
                                           unreadable_file("--trust-anchor", options.trust_anchor),
                                           unreadable_file("--root-hints", options.root_hints)})
            if (!problem.empty()) {
                print_error(problem);
                return exit_code::cannot_run;
            }
        engine::ScanPlan scan_plan;
        scan_plan.targets = plan.targets;
        scan_plan.checks = plan.checks;
        scan_plan.context.now = static_cast<int64_t>(std::time(nullptr));
        scan_plan.context.settings = judgement_settings(options);
        scan.context = scan_plan.context;
        try {
            scan.context = engine::run_scan(plan.scan, scan_plan, on_result);
        } catch (const engine::ScanSetupError& e) {
            print_error(std::string("the scan could not run: ") + e.what());
            return exit_code::cannot_run;
        }
        sort_by_plan_order(scan.targets, plan.targets);
    }
    scan.finished = std::chrono::system_clock::now();

    try {
        if (!options.json_path.empty())
            report::write_file_atomically(options.json_path, report::render_json_report(scan));
        if (!options.save_facts.empty()) report::write_file_atomically(options.save_facts, facts_text(scan));
    } catch (const std::exception& e) {
        print_error(e.what());
        return exit_code::cannot_run;
    }
    text.footer(scan);
    return gate_trips(scan.targets, plan.fail_on) ? exit_code::findings : exit_code::ok;
}

Subcommand add_check_command(CLI::App& parent) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* app = parent.add_subcommand("check", "Scan domains, https:// URLs or IP addresses");
    app->add_option("targets", options->targets,
                    "Domain names (IDNs allowed), https://host[:port]/path URLs, IPv4/IPv6 addresses");
    app->add_option("--only", options->only,
                    "Run only these checks: family names, check ids or dotted id prefixes "
                    "(comma-separated, repeatable)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->type_name("LIST");
    app->add_option("--skip", options->skip, "Leave out these checks (same terms as --only)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->type_name("LIST");
    app->add_option("--resolver", options->resolvers,
                    "DNS resolver to use instead of the system's (repeatable)")
        ->allow_extra_args(false)
        ->type_name("IP[:PORT]");
    app->add_option("--ca-file", options->ca_file, "Extra trusted root certificates (PEM)")->type_name("PEM");
    app->add_option("--timeout", options->timeout_s, "Timeout of each network operation")
        ->type_name("SECONDS")
        ->capture_default_str();
    app->add_option("--deadline", options->deadline_s, "Deadline of the whole scan")
        ->type_name("SECONDS")
        ->capture_default_str();
    app->add_option("--concurrency", options->concurrency, "Network operations in flight, at most")
        ->type_name("N")
        ->capture_default_str();
    app->add_option("--json", options->json_path, "Write the JSON report to FILE (- for stdout)")
        ->type_name("FILE|-");
    app->add_flag("-q,--quiet", options->quiet, "No text summary on stdout");
    app->add_flag("-v,--verbose", options->verbose, "Text summary with evidence and remediation");
    app->add_option("--fail-on", options->fail_on,
                    "Exit 1 when a finding is at or above this status")
        ->type_name("warn|fail|error|never")
        ->capture_default_str();
    app->add_option("--save-facts", options->save_facts,
                    "Write everything observed to FILE (replay it with --from-facts)")
        ->type_name("FILE");
    app->add_option("--from-facts", options->from_facts,
                    "Judge recorded facts instead of scanning (no network); targets come from "
                    "the file, or only the TARGETs given")
        ->type_name("FILE");
    app->add_option("--trust-anchor", options->trust_anchor, "DNSSEC root trust anchor file")
        ->type_name("FILE");
    app->add_option("--dnssec-forwarder", options->dnssec_forwarder,
                    "Send the DNSSEC validator's queries through this resolver")
        ->type_name("IP[:PORT]");
    app->add_option("--root-hints", options->root_hints,
                    "Root servers the DNSSEC validator starts recursion from (default: the real root)")
        ->type_name("FILE");
    app->add_flag("--mail", options->mail,
                  "Only the mail checks: MX, SPF, DMARC, DKIM, and DNSSEC/IPv6/RPKI of the MX hosts");
    app->add_option("--dkim-selector", options->dkim_selectors,
                    "Check the DKIM key at SELECTOR._domainkey.DOMAIN (repeatable)")
        ->type_name("SELECTOR")
        ->allow_extra_args(false);
    app->add_option("--asn-source", options->asn_source, "Where route origins come from")
        ->type_name("cymru-dns")
        ->capture_default_str();
    app->add_option("--rpki-vrps", options->rpki_vrps,
                    "VRPs (validated ROA payloads) as rpki-client/Routinator JSON: a file or an http(s) URL "
                    "(cached on disk), e.g. https://console.rpki-client.org/vrps.json")
        ->type_name("FILE|URL");
    app->add_option("--rpki-rtr", options->rpki_rtr, "Take VRPs from an RTR server (RFC 8210)")
        ->type_name("HOST:PORT");
    app->add_option("--rpki-max-age", options->rpki_max_age_h,
                    "VRP data older than this many hours is stale (warn) and a URL is fetched again")
        ->type_name("HOURS");
    app->add_flag("--allow-documentation-prefixes", options->allow_documentation_prefixes,
                  "Count documentation address ranges (2001:db8::/32, ...) as public (demo world)");
    app->footer(exit_code::k_help_text);
    return {app, [options] { return run_check_command(*options); }};
}

}  // namespace osescan::cli
