#pragma once
// Per-address checks: one finding per web address of the host (IPv4 and IPv6).
//
// The facts every address needs are asked for in ONE need() batch before any address is
// judged, so a live scan gathers them all in a single round instead of one round per
// address.

#include <functional>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::common {

// The requests one address needs (gathered for all addresses at once).
using AddressRequests = std::function<std::vector<facts::Request>(const std::string& address)>;
// The verdict for one address; its facts are all present (or ProbeErrors) when it is called.
using AddressJudge = std::function<Finding(const std::string& address)>;

// When the host's addresses cannot be determined the result is one `error` finding with
// subject "" naming the reason; otherwise one finding per address, subject = the address.
std::vector<Finding> judge_each_address(const facts::TargetFacts& facts, const std::string& check_id,
                                        const AddressRequests& requests, const AddressJudge& judge);

}  // namespace osescan::checks::common
