#pragma once
// Name-server discovery moved to checks/common/name_servers.hpp (the ipv6.ns checks use it
// too); these names keep the rpki family's spelling working.

#include "checks/common/name_servers.hpp"

namespace osescan::checks::rpki {

using common::find_name_servers;
using common::k_max_name_servers;
using common::k_max_zone_walk;
using common::NameServers;
using common::zone_candidates;

}  // namespace osescan::checks::rpki
