#include "checks/ipv6/name_server_addresses.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/dns_answer.hpp"
#include "checks/common/name_servers.hpp"
#include "checks/ipv6/address_scope.hpp"
#include "checks/ipv6/settings.hpp"

namespace osescan::checks::ipv6 {

namespace {

facts::DnsRequest stub(const std::string& name, const char* type) {
    return facts::DnsRequest{name, type, facts::DnsVia::stub, {}};
}

}  // namespace

void sort_ipv6(const facts::TargetFacts& facts, const std::vector<std::string>& addresses,
               std::vector<std::string>& public_out, std::vector<NotPublic>& not_public_out) {
    const bool allow_documentation = facts.context().setting<bool>(k_allow_documentation_prefix_setting, false);
    for (const std::string& address : addresses) {
        const AddressScope scope = classify_ipv6(address, allow_documentation);
        if (scope.is_public)
            public_out.push_back(address);
        else
            not_public_out.push_back({address, scope.reason});
    }
}

nlohmann::json not_public_evidence(const std::vector<NotPublic>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const NotPublic& entry : list)
        out.push_back({{"address", common::evidence_text(entry.address)}, {"reason", entry.reason}});
    return out;
}

ZoneNameServers zone_name_servers(const facts::TargetFacts& facts) {
    ZoneNameServers out;
    const common::NameServers found = common::find_name_servers(facts);
    if (found.problem) {
        out.problem = found.problem;
        return out;
    }
    out.zone = found.zone;
    std::vector<facts::Request> batch;
    for (const std::string& name : found.names) {
        batch.push_back(stub(name, "A"));
        batch.push_back(stub(name, "AAAA"));
    }
    facts.need(batch);

    for (const std::string& name : found.names) {
        NameServerAddresses server;
        server.name = name;
        const auto& a = facts.dns(stub(name, "A"));
        const auto aaaa = common::usable_answer(facts.dns(stub(name, "AAAA")), "AAAA " + name);
        if (!aaaa.ok()) server.error = aaaa.error();  // the AAAA is what the ipv6 checks need
        if (a.ok())
            for (const facts::DnsRecord* r : a.value().records("A")) server.v4.push_back(r->data);
        if (aaaa.ok()) {
            std::vector<std::string> v6;
            for (const facts::DnsRecord* r : aaaa.value().records("AAAA")) v6.push_back(r->data);
            sort_ipv6(facts, v6, server.v6_public, server.v6_not_public);
        }
        out.servers.push_back(std::move(server));
    }
    return out;
}

}  // namespace osescan::checks::ipv6
