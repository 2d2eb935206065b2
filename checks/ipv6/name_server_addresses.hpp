#pragma once
// The name servers of the target's zone with their IPv4 and IPv6 addresses, as the two
// ipv6.ns checks judge them (common::find_name_servers, then A and AAAA of every name
// server through the stub resolver, in one round: the same requests the rpki "ns" role
// makes, so the facts are shared).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/target_facts.hpp"

namespace osescan::checks::ipv6 {

struct NotPublic {
    std::string address;
    std::string reason;
};

struct NameServerAddresses {
    std::string name;
    std::vector<std::string> v4;
    std::vector<std::string> v6_public;
    std::vector<NotPublic> v6_not_public;
    std::optional<facts::ProbeError> error;  // the AAAA lookup failed
};

struct ZoneNameServers {
    std::string zone;
    std::vector<NameServerAddresses> servers;
    std::optional<facts::ProbeError> problem;  // the name servers could not be found
};

ZoneNameServers zone_name_servers(const facts::TargetFacts& facts);

// Splits AAAA data into public and not public (address_scope.hpp, with the scan's
// documentation-prefix setting).
void sort_ipv6(const facts::TargetFacts& facts, const std::vector<std::string>& addresses,
               std::vector<std::string>& public_out, std::vector<NotPublic>& not_public_out);

nlohmann::json not_public_evidence(const std::vector<NotPublic>& list);

}  // namespace osescan::checks::ipv6
