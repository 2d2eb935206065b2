#include "engine/dnssec/unbound_config.hpp"

#include <fstream>
#include <stdexcept>

#include "engine/dns/resolver_address.hpp"

namespace osescan::engine::dnssec {

namespace {

// The zones unbound 1.17 answers itself unless told otherwise (unbound.conf(5), "local-zone",
// the list of default zones): the special-use names of RFC 6761 §6.2-6.4 (test., invalid.),
// RFC 7686 (onion.), RFC 8375 (home.arpa.), and the AS112 reverse zones of RFC 6303 (private,
// link-local, shared, documentation and unspecified addresses). localhost. and the loopback
// reverse zones are left alone: RFC 6761 §6.3 lets a resolver answer them itself, and no root
// can mean them otherwise.
constexpr const char* k_locally_served_names[] = {"test.", "invalid.", "onion.", "home.arpa."};
constexpr const char* k_as112_fixed_zones[] = {
    // RFC 1918 10/8 and 192.168/16 (172.16/12 is a range, below)
    "10.in-addr.arpa.", "168.192.in-addr.arpa.",
    // RFC 6303 §4.2-4.6: this network, link-local, the three TEST-NETs, broadcast
    "0.in-addr.arpa.", "254.169.in-addr.arpa.", "2.0.192.in-addr.arpa.", "100.51.198.in-addr.arpa.",
    "113.0.203.in-addr.arpa.", "255.255.255.255.in-addr.arpa.",
    // RFC 6303 §4.7-4.8: the unspecified IPv6 address, ULA, link-local, 2001:db8::/32
    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", "d.f.ip6.arpa.", "8.e.f.ip6.arpa.",
    "9.e.f.ip6.arpa.", "a.e.f.ip6.arpa.", "b.e.f.ip6.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa."};

void require_readable(const std::string& path, const std::string& what) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the " + what + " \"" + path + "\"");
}

}  // namespace

std::vector<std::string> locally_served_zones() {
    std::vector<std::string> zones(std::begin(k_locally_served_names), std::end(k_locally_served_names));
    zones.insert(zones.end(), std::begin(k_as112_fixed_zones), std::end(k_as112_fixed_zones));
    for (int octet = 16; octet <= 31; ++octet) zones.push_back(std::to_string(octet) + ".172.in-addr.arpa.");
    // RFC 6598 shared address space 100.64/10 (unbound lists it with the RFC 6303 zones).
    for (int octet = 64; octet <= 127; ++octet) zones.push_back(std::to_string(octet) + ".100.in-addr.arpa.");
    return zones;
}

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
    // When the user names where recursion starts (their root, or a forwarder that answers for
    // it), the special-use and AS112 names are theirs: a classroom root serving .test (RFC
    // 6761 §6.2 reserves it for exactly such testing) must be asked, validated and believed,
    // not overridden by unbound's built-in empty answer (NXDOMAIN for every name). Against the
    // real root the defaults stay: there those names are answered nowhere else (RFC 6303 §3).
    // "transparent" with no local data, not "nodefault": both turn the built-in zone off and
    // send every query to the iterator and validator, but libunbound 1.17 accepts
    // "nodefault" from ub_ctx_set_option and then ignores it (only its config-file parser
    // applies it; tried), while any other type replaces the default zone (unbound.conf(5)).
    if (!plan.forwarder.empty() || !settings.root_hints_file.empty())
        for (const std::string& zone : locally_served_zones())
            plan.options.push_back({"local-zone:", zone + " transparent"});
    // The validator's reasons for a bogus answer (why_bogus) are only collected at
    // val-log-level 2; the log lines it also writes go to /dev/null (see the validator).
    plan.options.push_back({"val-log-level:", "2"});
    return plan;
}

}  // namespace osescan::engine::dnssec
