#include "cli/check_options.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>

#include <arpa/inet.h>

#include "checks/registry.hpp"
#include "cli/target_parser.hpp"
#include "engine/rpki/default_source.hpp"
#include "report/terminal_text.hpp"

namespace osescan::cli {

namespace {
bool is_ipv4(const std::string& text) {
    in_addr a{};
    return inet_pton(AF_INET, text.c_str(), &a) == 1;
}
bool is_ipv6(const std::string& text) {
    in6_addr a{};
    return inet_pton(AF_INET6, text.c_str(), &a) == 1;
}
bool is_port(const std::string& text) {
    if (text.empty() || text.size() > 5 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= '0' && c <= '9'; }))
        return false;
    const long value = std::strtol(text.c_str(), nullptr, 10);
    return value >= 1 && value <= 65535;
}

// Terms as given, split on commas already by CLI11; blanks dropped, spaces trimmed.
std::vector<std::string> clean_terms(const std::vector<std::string>& terms) {
    std::vector<std::string> out;
    for (std::string t : terms) {
        const size_t begin = t.find_first_not_of(" \t");
        if (begin == std::string::npos) continue;
        const size_t end = t.find_last_not_of(" \t");
        out.push_back(t.substr(begin, end - begin + 1));
    }
    return out;
}

// RFC 6376 §3.1: a selector is one or more dot-separated labels (sub-domain syntax).
std::string dkim_selector_problem(const std::string& selector) {
    if (selector.empty() || selector.size() > 200) return "must be 1 to 200 characters";
    size_t label = 0;
    for (size_t i = 0; i <= selector.size(); ++i) {
        if (i == selector.size() || selector[i] == '.') {
            if (label == 0) return "empty label";
            if (label > 63) return "label longer than 63 characters";
            label = 0;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(selector[i]);
        if (!std::isalnum(c) && c != '-' && c != '_') return "only letters, digits, '-', '_' and '.' are allowed";
        ++label;
    }
    return {};
}

std::string quoted(const std::string& text) { return "'" + report::terminal_safe(text) + "'"; }

std::chrono::milliseconds to_millis(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

nlohmann::json path_or_null(const std::string& path) {
    return path.empty() ? nlohmann::json(nullptr) : nlohmann::json(path);
}
bool is_ldh_label(const std::string& label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    return std::all_of(label.begin(), label.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}
}  // namespace

bool valid_ehlo_name(const std::string& name) {
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
        const std::string inside = name.substr(1, name.size() - 2);
        if (inside.rfind("IPv6:", 0) == 0) return is_ipv6(inside.substr(5));
        return is_ipv4(inside);
    }
    if (name.empty() || name.size() > 255) return false;
    size_t start = 0;
    for (;;) {
        const size_t dot = name.find('.', start);
        if (!is_ldh_label(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start)))
            return false;
        if (dot == std::string::npos) return true;
        start = dot + 1;
    }
}

std::string resolver_problem(const std::string& text) {
    if (text.empty()) return "empty address";
    if (text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string::npos) return "unterminated '['";
        if (!is_ipv6(text.substr(1, close - 1))) return "not a valid IPv6 address in brackets";
        const std::string tail = text.substr(close + 1);
        if (tail.empty()) return {};
        if (tail.front() != ':' || !is_port(tail.substr(1))) return "invalid port after ']' (1-65535)";
        return {};
    }
    if (is_ipv4(text) || is_ipv6(text)) return {};
    const size_t colon = text.find(':');
    if (colon != std::string::npos && text.find(':', colon + 1) == std::string::npos) {
        if (!is_ipv4(text.substr(0, colon))) return "not a valid IPv4 address";
        if (!is_port(text.substr(colon + 1))) return "invalid port (1-65535)";
        return {};
    }
    return "not an IP address (IP, IP:port or [IPv6]:port; names are not accepted)";
}

CheckPlanResult plan_check(const CheckOptions& options) {
    CheckPlanResult out;
    CheckPlan& plan = out.plan;
    auto error = [&](std::string message) { out.errors.push_back(std::move(message)); };

    // Targets: each one valid, duplicates (after normalisation) scanned once.
    for (const std::string& input : options.targets) {
        const ParsedTarget parsed = parse_target(input);
        if (!parsed.ok()) {
            error("invalid target " + quoted(input) + ": " + report::terminal_safe(parsed.error));
            continue;
        }
        const facts::Target& t = parsed.target;
        const bool seen = std::any_of(plan.targets.begin(), plan.targets.end(), [&](const facts::Target& p) {
            return p.host == t.host && p.port == t.port && p.path == t.path;
        });
        if (!seen) plan.targets.push_back(t);
    }
    if (options.targets.empty() && (options.from_facts.empty() || !options.targets_file.empty()))
        error(options.targets_file.empty() ? "no target given (osescan check TARGET..., --targets FILE or --from-facts FILE)"
                                           : "no valid target in --targets " + quoted(options.targets_file));

    // Checks.
    std::vector<std::string> only = clean_terms(options.only);
    if (options.mail) {
        // --mail: the mail family and every check about the MX hosts (dnssec.mx.*, ipv6.mx.*,
        // rpki.mx.*), whichever exist: found by the "mx" id component, so a new MX check
        // joins without a change here.
        only.push_back("mail");
        for (const checks::Check& check : checks::all_checks())
            if (std::string(check.info.id).find(".mx.") != std::string::npos ||
                std::string(check.info.id).ends_with(".mx"))
                only.emplace_back(check.info.id);
    }
    const checks::Selection selection = checks::select_checks(only, clean_terms(options.skip));
    for (const std::string& term : selection.unknown)
        error("unknown check or family " + quoted(term) +
              " in --only/--skip (see `osescan list-checks`)");
    plan.checks = selection.checks;

    // Gate.
    if (auto level = report::fail_on_from_name(options.fail_on)) plan.fail_on = *level;
    else error("--fail-on must be warn, fail, error or never, not " + quoted(options.fail_on));

    // Numbers. NaN fails every comparison, so the checks are written to reject it.
    if (!(options.timeout_s > 0 && options.timeout_s <= k_max_timeout_s))
        error("--timeout must be more than 0 and at most " + std::to_string(int(k_max_timeout_s)) + " seconds");
    if (!(options.deadline_s > 0 && options.deadline_s <= k_max_deadline_s))
        error("--deadline must be more than 0 and at most " + std::to_string(int(k_max_deadline_s)) + " seconds");
    if (options.concurrency < 1 || options.concurrency > k_max_concurrency)
        error("--concurrency must be between 1 and " + std::to_string(k_max_concurrency));
    if (options.tls_scan_connections < 1 || options.tls_scan_connections > k_max_tls_scan_connections)
        error("--tls-scan-connections must be between 1 and " + std::to_string(k_max_tls_scan_connections));
    if (options.smtp_connections < 1 || options.smtp_connections > k_max_smtp_connections)
        error("--smtp-connections must be between 1 and " + std::to_string(k_max_smtp_connections));
    // The name goes into the EHLO command line: a CR or LF in it would be a second command.
    if (!options.ehlo_name.empty() && !valid_ehlo_name(options.ehlo_name))
        error("--ehlo-name must be a domain name or an address literal such as [198.51.100.1] (RFC 5321 §4.1.1.1)");

    // Addresses.
    for (const std::string& r : options.resolvers)
        if (std::string why = resolver_problem(r); !why.empty())
            error("invalid --resolver " + quoted(r) + ": " + why);
    if ((!options.rpki_source.empty()) + (!options.rpki_vrps.empty()) + (!options.rpki_rtr.empty()) > 1)
        error("choose one VRP source: --rpki-source, --rpki-vrps or --rpki-rtr");
    if (!(options.rpki_max_age_h >= 0) || options.rpki_max_age_h > 24 * 365)
        error("--rpki-max-age must be between 0 and 8760 hours");
    if (options.asn_source != "cymru-dns")
        error("--asn-source must be cymru-dns (the only origin source so far), not " + quoted(options.asn_source));
    for (const std::string& selector : options.dkim_selectors)
        if (std::string why = dkim_selector_problem(selector); !why.empty())
            error("invalid --dkim-selector " + quoted(selector) + ": " + why);
    for (const std::string& server : options.ntp_servers)
        if (const ParsedTarget parsed = parse_time_server(server); !parsed.ok())
            error("invalid --ntp-server " + quoted(server) + ": " + parsed.error);
    if (!options.dnssec_forwarder.empty())
        if (std::string why = resolver_problem(options.dnssec_forwarder); !why.empty())
            error("invalid --dnssec-forwarder " + quoted(options.dnssec_forwarder) + ": " + why);

    // Outputs: at most one of them may be standard output.
    const std::pair<const char*, const std::string*> outputs[] = {
        {"--json", &options.json_path},   {"--save-facts", &options.save_facts}, {"--html", &options.html_path},
        {"--sarif", &options.sarif_path}, {"--junit", &options.junit_path},      {"--jsonl", &options.jsonl_path}};
    std::vector<std::string> on_stdout;
    for (const auto& [name, path] : outputs)
        if (*path == "-") on_stdout.emplace_back(name);
    if (on_stdout.size() > 1) {
        std::string names;
        for (size_t i = 0; i < on_stdout.size(); ++i)
            names += (i == 0 ? "" : i + 1 == on_stdout.size() ? " and " : ", ") + on_stdout[i];
        error(names + (on_stdout.size() == 2 ? " cannot both" : " cannot all") +
              " write to standard output (one report at most goes there)");
    }
    if (!options.save_facts.empty() && !options.from_facts.empty() &&
        options.save_facts == options.from_facts)
        error("--save-facts would overwrite the --from-facts file it reads");
    if (auto warn = report::junit_warn_from_name(options.junit_warn)) plan.junit_warn = *warn;
    else error("--junit-warn must be failure, pass or skipped, not " + quoted(options.junit_warn));
    if (options.explain && options.html_path.empty()) error("--explain shapes the HTML report: give --html FILE too");
    plan.text_on_stdout = !options.quiet && on_stdout.empty();

    // Batch: the slice of the (deduplicated) targets this run scans.
    if (!options.shard.empty()) {
        const ShardParse shard = parse_shard(options.shard);
        if (!shard.shard) error("invalid --shard " + quoted(options.shard) + ": " + shard.problem);
        plan.shard = shard.shard;
    }
    if (plan.shard) {
        const Shard mine = *plan.shard;
        std::erase_if(plan.targets,
                      [&](const facts::Target& t) { return shard_of(t, mine.count) != mine.index; });
    }

    if (!out.errors.empty()) return out;
    scan::ScanOptions& scan = plan.scan;
    scan.probe.timeout = to_millis(options.timeout_s);
    scan.probe.resolvers = options.resolvers;
    scan.probe.ca_file = options.ca_file;
    scan.probe.trust_anchor_file = options.trust_anchor;
    scan.probe.dnssec_forwarder = options.dnssec_forwarder;
    scan.probe.root_hints_file = options.root_hints;
    // The VRP source: named (a file, URL or RTR server), turned off, or the built-in default.
    scan.rpki.rtr = options.rpki_rtr;
    scan.rpki.vrps = options.rpki_vrps;
    if (options.rpki_source == "none") {
        scan.rpki.off = true;
    } else if (options.rpki_source == "default" ||
               (options.rpki_source.empty() && options.rpki_vrps.empty() && options.rpki_rtr.empty())) {
        scan.rpki.vrps = engine::rpki::default_vrp_url();
        scan.rpki.builtin_default = true;
    } else if (!options.rpki_source.empty()) {
        scan.rpki.vrps = options.rpki_source;
    }
    scan.rpki.cache_dir = options.rpki_cache;
    scan.rpki.max_age = std::chrono::seconds(static_cast<long long>(options.rpki_max_age_h * 3600));
    scan.rpki.timeout = scan.probe.timeout;
    scan.concurrency = static_cast<size_t>(options.concurrency);
    scan.probe.tls_scan_per_address = static_cast<size_t>(options.tls_scan_connections);
    scan.probe.smtp_per_host = static_cast<size_t>(options.smtp_connections);
    scan.probe.ehlo_name = options.ehlo_name.empty() ? k_fallback_ehlo_name : options.ehlo_name;
    scan.deadline = to_millis(options.deadline_s);
    return out;
}

nlohmann::json options_to_json(const CheckOptions& options) {
    return {{"only", clean_terms(options.only)},
            {"skip", clean_terms(options.skip)},
            {"resolvers", options.resolvers},
            {"ca_file", path_or_null(options.ca_file)},
            {"timeout_s", options.timeout_s},
            {"deadline_s", options.deadline_s},
            {"concurrency", options.concurrency},
            {"fail_on", options.fail_on},
            {"from_facts", path_or_null(options.from_facts)},
            {"trust_anchor", path_or_null(options.trust_anchor)},
            {"dnssec_forwarder", path_or_null(options.dnssec_forwarder)},
            {"root_hints", path_or_null(options.root_hints)},
            {"mail", options.mail},
            {"dkim_selectors", options.dkim_selectors},
            {"ntp_servers", options.ntp_servers},
            {"asn_source", options.asn_source},
            {"rpki_vrps", path_or_null(options.rpki_vrps)},
            {"rpki_rtr", path_or_null(options.rpki_rtr)},
            {"rpki_max_age_h", options.rpki_max_age_h},
            {"allow_documentation_prefixes", options.allow_documentation_prefixes}};
}

}  // namespace osescan::cli
