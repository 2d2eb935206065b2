#pragma once
// Loading the VRP set from an RPKI-to-Router cache (RFC 8210 / RFC 6810 over plain TCP)
// with RTRlib's rtr_mgr: connect, wait for the first full synchronisation (bounded), copy
// every VRP into a VrpTable, disconnect.
//
// The copy makes a scan judge every route against one fixed VRP set (an RTR session
// would keep applying incremental updates while the scan runs), and it lets RTR and VRP
// files share one validation path (VrpTable).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "engine/rpki/vrp_table.hpp"

namespace osescan::engine::rpki {

struct RtrEndpoint {
    std::string host;  // name or IP literal (no brackets)
    std::string port;  // decimal
    std::string text() const;  // "host:port" / "[v6]:port"
};

// "rtr.example.net:3323", "192.0.2.1:8282", "[2001:db8::1]:8282"; nullopt if malformed.
std::optional<RtrEndpoint> parse_rtr_endpoint(std::string_view text);

// Fills `table`; returns the number of VRPs added. Throws std::runtime_error with a clear
// message when the connection fails, the server sends no data, or no full sync arrives
// within `timeout`. Captures RTRlib's stderr log meanwhile (see stderr_capture.hpp).
size_t load_from_rtr(const RtrEndpoint& endpoint, std::chrono::milliseconds timeout, VrpTable& table);

}  // namespace osescan::engine::rpki
