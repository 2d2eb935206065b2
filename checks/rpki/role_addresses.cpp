#include "checks/rpki/role_addresses.hpp"

#include <algorithm>

#include "checks/common/dns_answer.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/common/name_servers.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::rpki {

namespace {

void add_address(RoleAddresses& out, const std::string& address, const std::string& name) {
    auto it = std::find_if(out.addresses.begin(), out.addresses.end(),
                           [&](const RoleAddress& a) { return a.address == address; });
    if (it == out.addresses.end()) {
        out.addresses.push_back(RoleAddress{address, {}});
        it = out.addresses.end() - 1;
    }
    if (!name.empty() && std::find(it->names.begin(), it->names.end(), name) == it->names.end())
        it->names.push_back(name);
}

}  // namespace

RoleAddresses web_role_addresses(const facts::TargetFacts& facts) {
    RoleAddresses out;
    const common::WebAddresses web = common::web_addresses(facts);
    if (web.problem) {
        out.problem = web.problem;
        out.problem_what = "finding the host's addresses";
        return out;
    }
    const std::string name = facts.target().is_ip ? std::string() : facts.target().host;
    for (const std::string& address : web.all()) add_address(out, address, name);
    return out;
}

// A/AAAA of every name in one round; a name whose two lookups both failed is unresolved.
static void add_host_addresses(const facts::TargetFacts& facts, const std::vector<std::string>& names, RoleAddresses& out) {
    std::vector<facts::Request> batch;
    for (const std::string& name : names) {
        batch.push_back(facts::DnsRequest{name, "A", facts::DnsVia::stub, {}});
        batch.push_back(facts::DnsRequest{name, "AAAA", facts::DnsVia::stub, {}});
    }
    facts.need(batch);
    for (const std::string& name : names) {
        const auto a = common::usable_answer(facts.dns(facts::DnsRequest{name, "A", facts::DnsVia::stub, {}}), "A " + name);
        const auto aaaa =
            common::usable_answer(facts.dns(facts::DnsRequest{name, "AAAA", facts::DnsVia::stub, {}}), "AAAA " + name);
        if (!a.ok() && !aaaa.ok()) {
            out.unresolved.push_back(UnresolvedName{name, a.error()});
            continue;
        }
        // A server name without addresses (NXDOMAIN, NODATA) is a DNS problem judged by the
        // DNS and mail checks; it has no route to judge here.
        if (a.ok())
            for (const facts::DnsRecord* r : a.value().records("A")) add_address(out, r->data, name);
        if (aaaa.ok())
            for (const facts::DnsRecord* r : aaaa.value().records("AAAA")) add_address(out, r->data, name);
    }
}

RoleAddresses ns_role_addresses(const facts::TargetFacts& facts) {
    RoleAddresses out;
    const common::NameServers servers = common::find_name_servers(facts);
    if (servers.problem) {
        out.problem = servers.problem;
        out.problem_what = "finding the domain's name servers";
        return out;
    }
    add_host_addresses(facts, servers.names, out);
    if (out.addresses.empty() && out.unresolved.empty()) {
        out.problem = facts::ProbeError{facts::probe_error::dns_error,
                                        "none of the name servers of " + servers.zone + " has an address"};
        out.problem_what = "finding the name servers' addresses";
    }
    return out;
}

RoleAddresses mx_role_addresses(const facts::TargetFacts& facts) {
    RoleAddresses out;
    const common::MailHosts hosts = common::find_mail_hosts(facts);
    if (hosts.problem) {
        out.problem = hosts.problem;
        out.problem_what = "the MX lookup";
        return out;
    }
    if (hosts.none_because) {
        out.none_because = hosts.none_because;
        return out;
    }
    add_host_addresses(facts, hosts.names, out);
    if (out.addresses.empty() && out.unresolved.empty()) {
        out.problem = facts::ProbeError{facts::probe_error::dns_error, "none of the MX hosts has an address"};
        out.problem_what = "finding the MX hosts' addresses";
    }
    return out;
}

}  // namespace osescan::checks::rpki
