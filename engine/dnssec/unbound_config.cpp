#include "engine/dnssec/unbound_config.hpp"

#include <fstream>
#include <stdexcept>

#include "engine/dns/resolver_address.hpp"

namespace osescan::engine::dnssec {

namespace {

void require_readable(const std::string& path, const std::string& what) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the " + what + " \"" + path + "\"");
}

}  // namespace

UnboundPlan plan_unbound(const ProbeSettings& settings) {
    UnboundPlan plan;
    plan.trust_anchor_file =
        settings.trust_anchor_file.empty() ? k_default_trust_anchor_file : settings.trust_anchor_file;
    require_readable(plan.trust_anchor_file,
                     settings.trust_anchor_file.empty()
                         ? "default DNSSEC trust anchor (install dns-root-data or give a trust anchor file)"
                         : "DNSSEC trust anchor file");

    if (!settings.dnssec_forwarder.empty()) {
        std::string error;
        const auto address = dns::parse_resolver_address(settings.dnssec_forwarder, error);
        if (!address) throw std::runtime_error("DNSSEC forwarder: " + error);
        // unbound writes a port as "IP@port" (unbound.conf(5), forward-addr).
        plan.forwarder = address->ip + "@" + std::to_string(address->port);
    }
    if (!settings.root_hints_file.empty()) {
        require_readable(settings.root_hints_file, "root hints file");
        plan.options.push_back({"root-hints:", settings.root_hints_file});
    }
    // The root key sentinel query (RFC 8145 §5) is a report to the root operators, not a
    // lookup a scan needs: one query less to the roots, and none to a private test root.
    plan.options.push_back({"trust-anchor-signaling:", "no"});
    // unbound refuses to send queries to 127.0.0.0/8 and ::1 by default, which protects a
    // recursing scanner from a zone whose name servers point at the scanning machine. When
    // the user names the servers to start from (a forwarder, root hints) that choice is
    // theirs, and tests and the demo world run their servers on such addresses.
    if (!plan.forwarder.empty() || !settings.root_hints_file.empty())
        plan.options.push_back({"do-not-query-localhost:", "no"});
    // The validator's reasons for a bogus answer (why_bogus) are only collected at
    // val-log-level 2; the log lines it also writes go to /dev/null (see the validator).
    plan.options.push_back({"val-log-level:", "2"});
    return plan;
}

}  // namespace osescan::engine::dnssec
