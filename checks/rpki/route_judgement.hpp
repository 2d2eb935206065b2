#pragma once
// The two RPKI judgements of the routes to a role's addresses, shared by every role:
//
//   roa_exists  every route covering the address is covered by at least one VRP (a ROA
//               exists, whatever it says) -> pass; any route without one -> warn.
//   valid       RFC 6811 route-origin validation of every route: valid -> pass,
//               not-found -> warn, invalid -> fail (naming why: AS mismatch, longer than
//               maxLength, AS0 only).
//
// One finding per address; with several routes (a prefix and its covering aggregate, or
// several origin ASes = MOAS) each route is judged and the worst wins, all listed as
// evidence. No origin known -> error (an unannounced address has no route to judge, and
// that is not a pass). A stale VRP source downgrades a pass to warn and is noted on every
// finding.

#include <string_view>
#include <vector>

#include "checks/finding.hpp"
#include "checks/rpki/role_addresses.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::rpki {

enum class Aspect { roa_exists, valid };

struct Role {
    std::string_view name;    // "web", "ns", "mx": the middle of the check id
    std::string_view server;  // "web server", "name server": for summaries
    RoleAddressesFn addresses;
};

std::vector<Finding> judge_routes(const facts::TargetFacts& facts, const Role& role, Aspect aspect);

}  // namespace osescan::checks::rpki
