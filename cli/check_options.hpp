#pragma once
// The options of `osescan check` as typed, and their validation into what a scan needs.
// Pure (no network, no files read), so every rule is unit-tested.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "cli/shard.hpp"
#include "facts/facts.hpp"
#include "report/fail_on.hpp"
#include "report/junit_report.hpp"
#include "scan/scanner.hpp"

namespace osescan::cli {

// Bounds that keep the numbers meaningful (and std::chrono conversions far from overflow).
inline constexpr double k_max_timeout_s = 3600;
inline constexpr double k_max_deadline_s = 7 * 24 * 3600;
inline constexpr long long k_max_concurrency = 4096;
inline constexpr long long k_max_tls_scan_connections = 64;
inline constexpr long long k_max_smtp_connections = 16;
// EHLO name when neither --ehlo-name nor a fully qualified host name of this machine is
// there: a name that cannot belong to anyone (RFC 6761 §6.4).
inline constexpr const char* k_fallback_ehlo_name = "osescan.invalid";

// Whether `name` may follow EHLO (RFC 5321 §4.1.1.1, §4.1.2): a domain (LDH labels of 1..63
// octets, at most 255 in all) or an address literal "[198.51.100.1]" / "[IPv6:2001:db8::1]".
bool valid_ehlo_name(const std::string& name);

struct CheckOptions {
    std::vector<std::string> targets;
    std::vector<std::string> only;       // family names, check ids, dotted id prefixes
    std::vector<std::string> skip;
    std::vector<std::string> resolvers;  // IP or IP:port ([v6]:port)
    std::string ca_file;
    double timeout_s = 10;               // per network operation
    double deadline_s = 600;             // whole scan
    long long concurrency = 32;          // signed, so that a negative value reaches validation
    long long tls_scan_connections = 4;  // TLS handshake scan: connections at once per address
    long long smtp_connections = 2;      // SMTP: conversations at once per MX host
    std::string ehlo_name;               // "" = k_fallback_ehlo_name (check_command fills in
                                         // this machine's FQDN when it has one)
    std::string json_path;               // "" none, "-" stdout
    bool quiet = false;
    bool verbose = false;
    std::string fail_on = "fail";        // as typed; CheckPlan::fail_on once valid
    std::string save_facts;              // "" none, "-" stdout
    std::string from_facts;
    std::string trust_anchor;
    std::string dnssec_forwarder;
    std::string root_hints;              // validator recursion starts at these root servers
    bool mail = false;                   // --mail: the mail checks (and dnssec/ipv6/rpki of the MX hosts)
    std::vector<std::string> dkim_selectors;
    std::vector<std::string> ntp_servers;  // --ntp-server: HOST or nts://HOST[:PORT]
    std::string asn_source = "cymru-dns";
    std::string rpki_source;             // "" (= default), "default", "none", or a VRP JSON file or URL
    std::string rpki_vrps;               // VRP JSON file or URL (the same as --rpki-source FILE|URL)
    std::string rpki_cache;              // cache directory of downloaded VRP files; "" = XDG default
    std::string rpki_rtr;                // RTR server host:port
    double rpki_max_age_h = 24;          // VRP data older than this is stale
    bool allow_documentation_prefixes = false;  // demo world: 2001:db8::/32 etc. count as public
    // Reports and gates (report/README.md).
    std::string html_path;               // "" none
    bool explain = false;                // HTML classroom mode
    std::string sarif_path;              // "" none, "-" stdout
    std::string junit_path;              // "" none, "-" stdout
    std::string junit_warn = "failure";  // how a warn shows in JUnit: failure, pass, skipped (as typed)
    std::string jsonl_path;              // "" none, "-" stdout: one line per target as it completes
    std::string policy_path;             // "" none
    // Batch scans.
    std::string targets_file;            // "" none, "-" stdin: more targets, one per line
    std::string shard;                   // "" all, "I/N": the I-th of N deterministic slices
};

// What the options mean, once they are known to be valid.
struct CheckPlan {
    std::vector<facts::Target> targets;           // parsed, duplicates removed, input order
    std::vector<const checks::Check*> checks;     // selected, report order
    report::FailOn fail_on = report::FailOn::fail;   // --fail-on, parsed
    report::JunitWarn junit_warn = report::JunitWarn::failure;  // --junit-warn, parsed
    scan::ScanOptions scan;                     // live-scan settings
    bool text_on_stdout = true;                   // false with --quiet or another report on stdout
    std::optional<Shard> shard;                   // --shard: plan.targets is already the slice
};

struct CheckPlanResult {
    CheckPlan plan;
    std::vector<std::string> errors;  // one readable line per problem; empty when valid
    bool ok() const { return errors.empty(); }
};

CheckPlanResult plan_check(const CheckOptions& options);

// "IP" or "IP:port" with IPv6 as "2001:db8::1" or "[2001:db8::1]:53". Empty when valid,
// otherwise why not.
std::string resolver_problem(const std::string& text);

// The report's "options" object (report/README.md).
nlohmann::json options_to_json(const CheckOptions& options);

}  // namespace osescan::cli
