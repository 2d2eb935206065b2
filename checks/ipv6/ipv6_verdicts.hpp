#pragma once
// The ipv6 family's verdicts (texts and registration in ipv6_checks.cpp).

#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::ipv6 {

// ipv6.ns.address: at least two name servers of the zone have a public AAAA.
std::vector<Finding> check_ns_address(const facts::TargetFacts& facts);
// ipv6.ns.reachable: every public name-server AAAA answers SOA <zone> over IPv6.
std::vector<Finding> check_ns_reachable(const facts::TargetFacts& facts);
// ipv6.web.address: the host and its www name each have a public AAAA.
std::vector<Finding> check_web_address(const facts::TargetFacts& facts);
// ipv6.web.reachable: every public AAAA of the host takes connections on 443 and 80.
std::vector<Finding> check_web_reachable(const facts::TargetFacts& facts);
// ipv6.web.same_content: the HTTPS response over IPv6 matches the one over IPv4.
std::vector<Finding> check_same_content(const facts::TargetFacts& facts);
// ipv6.mx.address: every MX host has a public AAAA (null MX / no MX: not_applicable).
std::vector<Finding> check_mx_address(const facts::TargetFacts& facts);

}  // namespace osescan::checks::ipv6
