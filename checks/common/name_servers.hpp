#pragma once
// The name servers of the zone a host is in: NS at the host, else at its parent, and so on
// up (bounded), the first name with NS records being the zone apex (a host inside a zone
// answers NS queries with NODATA, a name that does not exist with NXDOMAIN). Shared by the
// rpki "ns" role and the ipv6.ns checks, so both judge the same servers from the same facts.
//
// All candidate names are asked in ONE round (www.example.com, example.com, ...; never the
// root or a single-label TLD unless the host is one) and judged closest-first, so the walk
// costs one round trip instead of one per label.

#include <optional>
#include <string>
#include <vector>

#include "facts/target_facts.hpp"

namespace osescan::checks::common {

inline constexpr size_t k_max_zone_walk = 8;       // host plus up to 7 parents
inline constexpr size_t k_max_name_servers = 16;   // NS names kept (an NS set is untrusted)

// The names asked for NS, closest first.
std::vector<std::string> zone_candidates(const std::string& host);

struct NameServers {
    std::string zone;                // where the NS records were found
    std::vector<std::string> names;  // lower case, no trailing dot, deduplicated, sorted
    std::optional<facts::ProbeError> problem;
};

NameServers find_name_servers(const facts::TargetFacts& facts);

}  // namespace osescan::checks::common
