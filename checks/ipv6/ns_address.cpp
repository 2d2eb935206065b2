// ipv6.ns.address (ipv6_verdicts.hpp): a resolver that has only IPv6 (mobile networks,
// IPv6-only data centres) reaches a zone only through name servers with AAAA records, and
// needs two so that one outage does not cut the zone off (the internet.nl / NCSC-NL
// criterion; the same redundancy reason as the two-server minimum for every zone).
#include "checks/common/findings.hpp"
#include "checks/ipv6/ipv6_verdicts.hpp"
#include "checks/ipv6/name_server_addresses.hpp"

namespace osescan::checks::ipv6 {

namespace {
constexpr const char* k_id = "ipv6.ns.address";
constexpr size_t k_required = 2;

std::string join(const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& item : list) out += (out.empty() ? "" : ", ") + item;
    return out;
}
}  // namespace

std::vector<Finding> check_ns_address(const facts::TargetFacts& facts) {
    const ZoneNameServers zone = zone_name_servers(facts);
    if (zone.problem)
        return {common::probe_error_finding(k_id, "", *zone.problem, "finding the domain's name servers")};

    nlohmann::json servers = nlohmann::json::array();
    std::vector<std::string> with_ipv6, without_ipv6, failed;
    bool any_not_public = false;
    std::optional<facts::ProbeError> first_error;
    for (const NameServerAddresses& server : zone.servers) {
        nlohmann::json entry{{"name", server.name},
                             {"ipv4", server.v4},
                             {"ipv6", server.v6_public},
                             {"ipv6_not_public", not_public_evidence(server.v6_not_public)}};
        if (server.error) {
            entry["probe_error"] = server.error->kind;
            failed.push_back(server.name);
            if (!first_error) first_error = server.error;
        } else if (!server.v6_public.empty()) {
            with_ipv6.push_back(server.name);
        } else {
            without_ipv6.push_back(server.name);
        }
        any_not_public = any_not_public || !server.v6_not_public.empty();
        servers.push_back(std::move(entry));
    }
    nlohmann::json evidence{{"zone", zone.zone},
                            {"name_servers", std::move(servers)},
                            {"with_ipv6", with_ipv6.size()},
                            {"required", k_required}};
    const std::string count = std::to_string(with_ipv6.size()) + " of " + std::to_string(zone.servers.size());

    if (with_ipv6.size() >= k_required) {
        if (any_not_public)
            return {common::conclude(k_id, zone.zone, "non-public-address", {{"count", count}, {"zone", zone.zone}},
                                     std::move(evidence))};
        return {common::conclude(k_id, zone.zone, "enough-ipv6-name-servers",
                                 {{"count", count}, {"zone", zone.zone}, {"names", join(with_ipv6)}},
                                 std::move(evidence))};
    }
    // Fewer than two known; servers whose AAAA lookup failed might still make up the number.
    if (first_error && with_ipv6.size() + failed.size() >= k_required) {
        Finding finding = common::probe_error_finding(k_id, zone.zone, *first_error,
                                                      "the AAAA lookup of name server " + failed.front());
        finding.evidence["name_servers"] = evidence["name_servers"];
        return {finding};
    }
    const std::string without = without_ipv6.empty() ? "" : "; without: " + join(without_ipv6);
    return {common::conclude(k_id, zone.zone, "too-few-ipv6-name-servers",
                             {{"count", count}, {"zone", zone.zone}, {"without", without}}, std::move(evidence))};
}

}  // namespace osescan::checks::ipv6
