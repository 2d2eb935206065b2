#pragma once
// The DNS zone a name belongs to, found with the validating resolver, and the requests
// that ask it.
//
// The zone of a name is the owner of its SOA (RFC 1035 §4.3.4 and RFC 2308 §3): ask SOA
// for the name; an answer SOA owned by the name means the name is a zone apex; a NODATA
// or NXDOMAIN answer carries the zone's SOA in the authority section. A name that is a
// CNAME cannot be an apex (RFC 1034 §3.6.2: a CNAME has no other data), and the SOA answer
// then describes the CNAME's target, so its zone is its parent name's zone (asked in a
// further round).

#include <optional>
#include <string>

#include "facts/target_facts.hpp"

namespace osescan::checks::common {

inline constexpr size_t k_max_zone_labels = 32;  // parent steps through CNAMEs (bounded)

// A request answered by the project's validating resolver (DnsVia::validator).
facts::DnsRequest validated(const std::string& name, const std::string& type);

struct ZoneOf {
    std::string zone;                          // lower case, no trailing dot; "." = the root
    std::optional<facts::ProbeError> problem;  // why it could not be found
};

// Asks SOA <name> through the validator (more rounds only for CNAMEs). Bogus answers
// still name their zone: a broken signature does not move a zone cut.
ZoneOf find_zone(const facts::TargetFacts& facts, const std::string& name);

// Lower case, without trailing dots; "" stays "" and the root is ".".
std::string normalise_dns_name(std::string name);

// True when `name` is `zone` or inside it (both normalised).
bool is_same_or_below(const std::string& name, const std::string& zone);

// The parent of a name ("www.example.com" -> "example.com", "com" -> "."); "." has none ("").
std::string parent_name(const std::string& name);

}  // namespace osescan::checks::common
