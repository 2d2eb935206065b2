#pragma once
// The addresses a domain depends on, per role: its web servers ("web"), its name servers
// ("ns") and its mail servers ("mx"). The RPKI checks judge the routes to each of them
// the same way, so a role is just a name, a noun for the texts and this function.

#include <optional>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::rpki {

struct RoleAddress {
    std::string address;             // IP literal
    std::vector<std::string> names;  // host names that have it (NS names for "ns"); may be empty
};

// A name of the role whose addresses could not be determined (its A and AAAA lookups both
// failed): reported as its own `error` finding, so a scan never silently judges fewer
// servers than the domain has.
struct UnresolvedName {
    std::string name;
    facts::ProbeError error;
};

struct RoleAddresses {
    std::vector<RoleAddress> addresses;
    std::vector<UnresolvedName> unresolved;
    // Set when the role's addresses could not be determined at all; `problem_what` says
    // which step failed ("finding the host's addresses", ...).
    std::optional<facts::ProbeError> problem;
    std::string problem_what;
    // Set when the role has no servers to judge, with the reason (a null MX, no MX):
    // the checks say not_applicable.
    std::optional<std::string> none_because;
};

using RoleAddressesFn = RoleAddresses (*)(const facts::TargetFacts& facts);

// A/AAAA of the target host (checks/common/web_host.hpp), or the IP literal itself.
RoleAddresses web_role_addresses(const facts::TargetFacts& facts);

// The name servers of the zone the target host is in (see name_servers.hpp) and their
// A/AAAA, asked in one round.
RoleAddresses ns_role_addresses(const facts::TargetFacts& facts);

// The MX hosts of the target domain (common::find_mail_hosts) and their A/AAAA, asked in
// one round.
RoleAddresses mx_role_addresses(const facts::TargetFacts& facts);

}  // namespace osescan::checks::rpki
