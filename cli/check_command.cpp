#include "cli/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "cli/exit_codes.hpp"
#include "cli/plan_order.hpp"
#include "cli/progress.hpp"
#include "cli/recorded_targets.hpp"
#include "cli/target_list.hpp"
#include "engine/rpki/default_source.hpp"
#include "cli/target_parser.hpp"
#include "facts/facts_json.hpp"
#include "scan/scanner.hpp"
#include "osescan_version.hpp"
#include "report/atomic_file.hpp"
#include "report/html_report.hpp"
#include "report/json_report.hpp"
#include "report/jsonl_report.hpp"
#include "report/junit_report.hpp"
#include "report/policy.hpp"
#include "report/sarif_report.hpp"
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

void print_warning(const std::string& message) {
    std::fprintf(stderr, "osescan: warning: %s\n", report::terminal_safe(message).c_str());
}

// --jsonl: a line per target as it completes, flushed at once, so a killed scan keeps
// what it finished. Not atomic on purpose (a stream); "-" is standard output.
class JsonlSink {
public:
    explicit JsonlSink(const std::string& path) : m_path(path) {
        if (path.empty()) return;
        m_file = path == "-" ? stdout : std::fopen(path.c_str(), "w");
        if (!m_file) throw std::runtime_error("cannot write --jsonl " + path + ": " + std::strerror(errno));
    }
    ~JsonlSink() {
        if (m_file && m_file != stdout) std::fclose(m_file);
    }
    JsonlSink(const JsonlSink&) = delete;
    JsonlSink& operator=(const JsonlSink&) = delete;
    bool enabled() const { return m_file != nullptr; }
    void write(const std::string& line) {
        if (!m_file || line.empty()) return;
        if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() || std::fflush(m_file) != 0)
            throw std::runtime_error("cannot write --jsonl " + m_path + ": " + std::strerror(errno));
    }

private:
    std::string m_path;
    std::FILE* m_file = nullptr;
};

// --targets FILE|-: valid lines join the command line's targets; bad ones are reported
// on stderr with their line number and kept for the reports.
bool read_targets_file(const std::string& path, std::vector<std::string>& targets,
                       std::vector<report::InputError>& errors) {
    cli::TargetList list;
    if (path == "-") {
        list = read_target_list(std::cin, "-");
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            print_error("cannot read --targets " + path + ": " + std::strerror(errno));
            return false;
        }
        list = read_target_list(in, path);
    }
    for (const report::InputError& e : list.errors)
        print_warning(e.source + ":" + std::to_string(e.line) + ": invalid target '" + e.text + "': " + e.problem);
    targets.insert(targets.end(), list.targets.begin(), list.targets.end());
    errors = std::move(list.errors);
    return true;
}

std::optional<report::Policy> load_policy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        print_error("cannot read --policy " + path + ": " + std::strerror(errno));
        return std::nullopt;
    }
    nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
    if (document.is_discarded()) {
        print_error("--policy " + path + " is not valid JSON");
        return std::nullopt;
    }
    report::PolicyParse parsed = report::parse_policy(document);
    for (const std::string& e : parsed.errors) print_error("--policy " + path + ": " + e);
    return parsed.policy;
}

std::string policy_text(const report::ScanReport& scan) {
    std::vector<std::string> lines;
    size_t violations = 0;
    for (size_t t = 0; t < scan.targets.size(); ++t) {
        const report::TargetPolicyVerdict& verdict = scan.policy->targets[t];
        const std::string& host = scan.targets[t].target.host;
        violations += verdict.violations.size();
        for (const report::PolicyViolation& v : verdict.violations)
            lines.push_back("  \u2717 " + host + ": " + v.check_id + (v.subject.empty() ? "" : " (" + v.subject + ")") +
                            (v.status == "missing" ? ": required, but did not run"
                                                   : ": " + v.status + ", accepted at worst " + v.accepted));
        for (const auto& [index, reason] : verdict.ignored) {
            const checks::Finding& f = scan.targets[t].findings[index];
            lines.push_back("  - " + host + ": " + f.check_id + (f.subject.empty() ? "" : " (" + f.subject + ")") + " " +
                            std::string(checks::status_name(f.status)) + " ignored: " + reason);
        }
    }
    std::string out = report::terminal_safe(
                          "policy " + scan.policy->file + ": " +
                          (violations == 0 ? std::string("met")
                                           : std::to_string(violations) + (violations == 1 ? " violation" : " violations"))) +
                      "\n";
    for (const std::string& line : lines) out += report::terminal_safe(line) + "\n";
    return out;
}

// Files the engine will open; told apart from "the scan failed" so the message is clear.
// Unreadable is exit 3 ("could not run"), like any other ScanSetupError.
std::string unreadable_file(const std::string& option, const std::string& path) {
    if (path.empty() || ::access(path.c_str(), R_OK) == 0) return {};
    return "cannot read " + option + " " + path;
}

// Judgement-relevant settings recorded with the facts (ScanContext::settings), so that a
// replay knows what the live scan trusted.
nlohmann::json judgement_settings(const CheckOptions& options) {
    nlohmann::json servers = nlohmann::json::array();
    for (const std::string& server : options.ntp_servers) {
        const ParsedTarget parsed = parse_time_server(server);  // validated already
        if (parsed.ok())
            servers.push_back({{"host", parsed.target.host}, {"is_ip", parsed.target.is_ip}, {"port", parsed.target.port}});
    }
    return {{"custom_ca", !options.ca_file.empty()},
            {"time.servers", servers},
            {"custom_trust_anchor", !options.trust_anchor.empty()},
            {"ipv6.allow_documentation_prefix", options.allow_documentation_prefixes},
            {"mail.dkim_selectors", options.dkim_selectors},
            {"rpki.asn_source", options.asn_source}};
}

std::string facts_text(const report::ScanReport& scan) {
    facts::FactsFile file;
    file.context = scan.context;
    for (const checks::TargetResult& r : scan.targets) file.targets.push_back({r.target, r.facts});
    return report::dump_json(facts::facts_file_to_json(file));
}


// What `osescan check` works from once its inputs are read and valid.
struct CheckInputs {
    CheckOptions options;                    // with the --targets lines added
    CheckPlan plan;
    std::optional<report::Policy> policy;    // --policy
    std::vector<report::InputError> input_errors;  // bad --targets lines
};

// A run in progress: the report being built and the outputs that stream as targets complete.
class CheckRun {
public:
    explicit CheckRun(const CheckInputs& inputs)
        : m_inputs(inputs),
          m_text(inputs.plan.text_on_stdout,
                 report::TextOptions{report::use_colour(::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR")),
                                     inputs.options.verbose}),
          m_jsonl(inputs.options.jsonl_path) {
        const CheckPlan& plan = inputs.plan;
        scan.tool_version = OSESCAN_VERSION;
        scan.options = options_to_json(inputs.options);
        scan.checks = plan.checks;
        scan.input_errors = inputs.input_errors;
        if (plan.shard) scan.shard = std::to_string(plan.shard->index) + "/" + std::to_string(plan.shard->count);
        for (const report::InputError& e : scan.input_errors) m_jsonl.write(report::jsonl_input_error_line(e));
    }

    const CheckInputs& inputs() const { return m_inputs; }

    void start(size_t total) {
        // Only on a terminal: a CI log or a redirected stderr stays clean.
        m_progress.emplace(::isatty(STDERR_FILENO) == 1 && !m_inputs.options.quiet, total);
    }

    // A target is done: shown, streamed, kept for the reports.
    void add(checks::TargetResult result) {
        if (m_progress) m_progress->clear();
        m_text.target(result);
        if (m_jsonl.enabled()) m_jsonl.write(m_jsonl_catalogue.line_for(result));
        if (m_inputs.policy) {
            const report::TargetPolicyVerdict verdict =
                report::evaluate_policy(*m_inputs.policy, result, m_inputs.plan.fail_on);
            m_jsonl.write(report::jsonl_target_line(result, &verdict));
        } else {
            m_jsonl.write(report::jsonl_target_line(result, nullptr));
        }
        scan.targets.push_back(std::move(result));
        if (m_progress) m_progress->update(scan.targets.size());
    }

    void clear_progress() {
        if (m_progress) m_progress->clear();
    }

    // Every target is done: the policy verdicts of the whole scan.
    void finish() {
        clear_progress();
        scan.finished = std::chrono::system_clock::now();
        if (!m_inputs.policy) return;
        report::PolicySummary summary;
        summary.file = m_inputs.options.policy_path;
        for (const checks::TargetResult& r : scan.targets)
            summary.targets.push_back(report::evaluate_policy(*m_inputs.policy, r, m_inputs.plan.fail_on));
        scan.policy = std::move(summary);
    }

    void write_jsonl_summary() { m_jsonl.write(report::jsonl_summary_line(scan)); }
    void write_text_footer() { m_text.footer(scan); }

    report::ScanReport scan;

private:
    const CheckInputs& m_inputs;
    TextSink m_text;
    JsonlSink m_jsonl;
    report::JsonlCatalogue m_jsonl_catalogue;
    std::optional<ProgressBar> m_progress;
};

// An exit code when the command must stop at this step.
using Stop = std::optional<int>;

// RFC 5321 §4.1.1.1: EHLO gives the client's fully qualified domain name. This machine's
// host name when it is one (a dot, valid), else nothing (the plan then uses a .invalid name).
std::string machine_ehlo_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return {};
    const std::string host = name;
    return host.find('.') != std::string::npos && valid_ehlo_name(host) ? host : std::string();
}

// Step 1: the --targets list, the plan and the policy. Problems are printed; nullopt then.
std::optional<CheckInputs> load_inputs(const CheckOptions& given) {
    CheckInputs inputs{given, {}, std::nullopt, {}};
    CheckOptions& options = inputs.options;
    if (options.ehlo_name.empty()) options.ehlo_name = machine_ehlo_name();
    if (!options.targets_file.empty() && !read_targets_file(options.targets_file, options.targets, inputs.input_errors))
        return std::nullopt;
    CheckPlanResult planned = plan_check(options);
    if (!planned.ok()) {
        for (const std::string& e : planned.errors) print_error(e);
        return std::nullopt;
    }
    inputs.plan = std::move(planned.plan);
    if (!options.policy_path.empty()) {
        inputs.policy = load_policy(options.policy_path);
        if (!inputs.policy) return std::nullopt;
    }
    return inputs;
}

// Step 2a: judge the recorded facts of --from-facts (no network); the recorded context
// (clock, settings) is what judges.
Stop replay(CheckRun& run) {
    const CheckOptions& options = run.inputs().options;
    const CheckPlan& plan = run.inputs().plan;
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
            print_error("target '" + report::terminal_safe(input) + "' is not in the facts file " + options.from_facts);
        return exit_code::usage;
    }
    run.scan.context = file.context;
    std::vector<const facts::TargetFactsRecord*> records = selection.records;
    // TARGETs were given but none is in this shard: replay nothing (an empty selection
    // would otherwise mean "everything recorded").
    if (!options.targets.empty() && plan.targets.empty()) records.clear();
    if (plan.shard)
        std::erase_if(records, [&](const facts::TargetFactsRecord* r) {
            return shard_of(r->target, plan.shard->count) != plan.shard->index;
        });
    run.start(records.size());
    try {
        for (const facts::TargetFactsRecord* record : records)
            run.add(scan::judge_recorded(record->target, file.context, record->store, plan.checks));
    } catch (const std::exception& e) {
        run.clear_progress();
        print_error(e.what());
        return exit_code::cannot_run;
    }
    return std::nullopt;
}

// Step 2b: the live scan.
Stop scan_live(CheckRun& run) {
    const CheckOptions& options = run.inputs().options;
    const CheckPlan& plan = run.inputs().plan;
    for (const std::string& problem : {unreadable_file("--ca-file", options.ca_file),
                                       unreadable_file("--trust-anchor", options.trust_anchor),
                                       unreadable_file("--root-hints", options.root_hints)})
        if (!problem.empty()) {
            print_error(problem);
            return exit_code::cannot_run;
        }
    scan::ScanPlan scan_plan;
    scan_plan.targets = plan.targets;
    scan_plan.checks = plan.checks;
    scan_plan.context.now = static_cast<int64_t>(std::time(nullptr));
    scan_plan.context.settings = judgement_settings(options);
    run.scan.context = scan_plan.context;
    run.start(plan.targets.size());
    scan::ScanOptions scan_options = plan.scan;
    // e.g. the default VRP source is unreachable: said once here; each RPKI finding says why.
    scan_options.on_notice = [&](const std::string& line) {
        run.clear_progress();
        print_warning(line);
    };
    try {
        run.scan.context = scan::run_scan(scan_options, scan_plan, [&](checks::TargetResult r) { run.add(std::move(r)); });
    } catch (const scan::ScanSetupError& e) {
        run.clear_progress();
        print_error(std::string("the scan could not run: ") + e.what());
        return exit_code::cannot_run;
    } catch (const std::runtime_error& e) {  // the --jsonl stream could not be written
        run.clear_progress();
        print_error(e.what());
        return exit_code::cannot_run;
    }
    sort_by_plan_order(run.scan.targets, plan.targets);
    return std::nullopt;
}

// Step 3: the report files (atomically) and the end of the --jsonl stream.
Stop write_reports(CheckRun& run) {
    const CheckOptions& options = run.inputs().options;
    const report::ScanReport& scan = run.scan;
    const report::JunitWarn junit_warn = run.inputs().plan.junit_warn;
    try {
        if (!options.json_path.empty())
            report::write_file_atomically(options.json_path, report::render_json_report(scan));
        if (!options.html_path.empty())
            report::write_file_atomically(options.html_path,
                                          report::render_html_report(scan, report::HtmlOptions{options.explain}));
        if (!options.sarif_path.empty())
            report::write_file_atomically(options.sarif_path, report::render_sarif_report(scan));
        if (!options.junit_path.empty())
            report::write_file_atomically(options.junit_path, report::render_junit_report(scan, junit_warn));
        if (!options.save_facts.empty()) report::write_file_atomically(options.save_facts, facts_text(scan));
        run.write_jsonl_summary();
    } catch (const std::exception& e) {
        print_error(e.what());
        return exit_code::cannot_run;
    }
    return std::nullopt;
}

// Step 4: the end of the text report: footer, skipped --targets lines, policy verdict.
void write_text_end(CheckRun& run) {
    const report::ScanReport& scan = run.scan;
    const bool text_on_stdout = run.inputs().plan.text_on_stdout;
    run.write_text_footer();
    if (!scan.input_errors.empty() && text_on_stdout) {
        // Already on stderr one by one; the text report's reader sees the count too.
        const size_t n = scan.input_errors.size();
        const std::string line = report::terminal_safe(
                                     std::to_string(n) + (n == 1 ? " line" : " lines") + " of " +
                                     scan.input_errors.front().source + " skipped: not valid targets (see the warnings)") +
                                 "\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    if (scan.policy && text_on_stdout) {
        const std::string lines = policy_text(scan);
        std::fwrite(lines.data(), 1, lines.size(), stdout);
    }
}

// Step 5: the exit code of a completed run.
int gate(const CheckRun& run) {
    const report::ScanReport& scan = run.scan;
    const CheckInputs& inputs = run.inputs();
    // A line that could not be scanned is like an `error` finding: a gate must not pass
    // on what the scanner could not see (unless it never fails).
    const report::FailOn level = inputs.policy ? inputs.policy->fail_on.value_or(inputs.plan.fail_on) : inputs.plan.fail_on;
    const bool input_trips = !scan.input_errors.empty() && level != report::FailOn::never;
    if (scan.policy) return !scan.policy->passed() || input_trips ? exit_code::findings : exit_code::ok;
    return report::gate_trips(scan.targets, level) || input_trips ? exit_code::findings : exit_code::ok;
}
}  // namespace

int run_check_command(const CheckOptions& given) {
    const std::optional<CheckInputs> inputs = load_inputs(given);
    if (!inputs) return exit_code::usage;
    std::optional<CheckRun> run;
    try {
        run.emplace(*inputs);  // opens the --jsonl stream
    } catch (const std::exception& e) {
        print_error(e.what());
        return exit_code::cannot_run;
    }
    run->scan.started = std::chrono::system_clock::now();
    if (Stop stop = inputs->options.from_facts.empty() ? scan_live(*run) : replay(*run)) return *stop;
    run->finish();
    if (Stop stop = write_reports(*run)) return *stop;
    write_text_end(*run);
    return gate(*run);
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
    app->add_option("--tls-scan-connections", options->tls_scan_connections,
                    "TLS handshake scans: connections at once to one address, at most")
        ->type_name("N")
        ->capture_default_str();
    app->add_option("--smtp-connections", options->smtp_connections,
                    "SMTP (mail.starttls, mail.tls.*, ...): connections at once to one MX host, at most")
        ->type_name("N")
        ->capture_default_str();
    app->add_option("--ehlo-name", options->ehlo_name,
                    "Name given in SMTP EHLO (default: this machine's FQDN, else osescan.invalid)")
        ->type_name("NAME");
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
    app->add_option("--ntp-server", options->ntp_servers,
                    "Also check this time server (NTS, RFC 8915) for a domain target (repeatable; a domain's "
                    "time servers cannot be discovered from DNS, so they must be named)")
        ->type_name("HOST|nts://HOST[:PORT]")
        ->allow_extra_args(false);
    app->add_option("--asn-source", options->asn_source, "Where route origins come from")
        ->type_name("cymru-dns")
        ->capture_default_str();
    app->add_option("--rpki-source", options->rpki_source,
                    "Where the RPKI checks' VRPs come from: default (the rpki-client project's public export, " +
                        std::string(engine::rpki::k_default_vrp_url) +
                        ", cached on disk), none (RPKI checks off: not_applicable), or a VRP JSON file or "
                        "http(s) URL (rpki-client/Routinator format, cached on disk)")
        ->type_name("default|none|FILE|URL");
    app->add_option("--rpki-vrps", options->rpki_vrps, "The same as --rpki-source FILE|URL")->type_name("FILE|URL");
    app->add_option("--rpki-rtr", options->rpki_rtr, "Take VRPs from an RTR server (RFC 8210)")
        ->type_name("HOST:PORT");
    app->add_option("--rpki-cache", options->rpki_cache,
                    "Directory of downloaded VRP files (default: $XDG_CACHE_HOME/osescan, else ~/.cache/osescan)")
        ->type_name("DIR");
    app->add_option("--rpki-max-age", options->rpki_max_age_h,
                    "VRP data older than this many hours is stale (warn) and a URL is fetched again")
        ->type_name("HOURS");
    app->add_flag("--allow-documentation-prefixes", options->allow_documentation_prefixes,
                  "Count documentation address ranges (2001:db8::/32, ...) as public (demo world)");
    app->add_option("--html", options->html_path,
                    "Write a self-contained HTML report to FILE (no scripts, no external requests)")
        ->type_name("FILE|-");
    app->add_flag("--explain", options->explain,
                  "Classroom mode for --html: every check unfolded with why it matters, and a legend");
    app->add_option("--sarif", options->sarif_path, "Write a SARIF 2.1.0 report (code scanning) to FILE")
        ->type_name("FILE|-");
    app->add_option("--junit", options->junit_path, "Write a JUnit XML report (one test case per finding) to FILE")
        ->type_name("FILE|-");
    app->add_option("--junit-warn", options->junit_warn, "How a warn shows in JUnit")
        ->type_name("failure|pass|skipped")
        ->capture_default_str();
    app->add_option("--jsonl", options->jsonl_path,
                    "Stream one JSON line per target to FILE as each completes (- for stdout)")
        ->type_name("FILE|-");
    app->add_option("--policy", options->policy_path,
                    "Gate on a JSON policy: required checks, accepted statuses, ignores with reasons "
                    "(replaces --fail-on's verdict)")
        ->type_name("FILE");
    app->add_option("--targets", options->targets_file,
                    "Read more targets from FILE (- for stdin), one per line, # comments")
        ->type_name("FILE|-");
    app->add_option("--shard", options->shard,
                    "Scan only the I-th of N deterministic slices of the targets (split a list across machines)")
        ->type_name("I/N");
    app->footer(exit_code::k_help_text);
    return {app, [options] { return run_check_command(*options); }};
}

}  // namespace osescan::cli
