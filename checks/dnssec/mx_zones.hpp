#pragma once
// dnssec.mx.*: the four zone verdicts (zone_verdicts.hpp) on the zones of the domain's MX
// hosts. Mail to the domain is only as safe as the lookup of its MX hosts' addresses: a
// spoofed A/AAAA of an MX host diverts the mail (and DANE for SMTP, RFC 7672, needs those
// zones signed). A provider's zone shared by several MX hosts is judged once.

#include <vector>

#include "checks/finding.hpp"
#include "checks/outcome.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::dnssec {

// What every dnssec.mx.* check concludes besides its zone verdict: nothing to judge (no
// mail hosts) or an MX host that does not exist.
const std::vector<Outcome>& mx_zone_outcomes();

std::vector<Finding> check_mx_signed(const facts::TargetFacts& facts);
std::vector<Finding> check_mx_valid(const facts::TargetFacts& facts);
std::vector<Finding> check_mx_algorithms(const facts::TargetFacts& facts);
std::vector<Finding> check_mx_nsec3(const facts::TargetFacts& facts);

}  // namespace osescan::checks::dnssec
