#pragma once
// Loading the VRP set from an RPKI-to-Router cache (RFC 8210 / RFC 6810 over plain TCP)
// with RTRlib's rtr_mgr: connect, wait for the first full synchronisation (bounded), copy
// every VRP into a VrpTable, disconnect.
//
// The copy makes a scan judge every route against one fixed VRP set (an RTR session
// would keep applying incremental updates while the scan runs), and it lets RTR and VRP
// files share one validation path (VrpTable).
//
// The RTR client runs in a child process that streams the VRPs back through a pipe and is
// then killed. RTRlib 0.8 cannot be stopped reliably: rtr_mgr_stop() holds the manager's
// mutex while it joins the socket thread, and that thread takes the same mutex to report
// a state change, so stopping right after a sync can deadlock (seen in this project's
// tests). A child process can always be killed; it also keeps RTRlib's threads, its debug
// log on stderr (Debian builds it with the log on) and any SIGPIPE away from osescan.

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
// within `timeout` (the child is killed at timeout + 2 s whatever it is doing). The
// message quotes RTRlib's own reason ("Connection refused", ...) when it gave one.
size_t load_from_rtr(const RtrEndpoint& endpoint, std::chrono::milliseconds timeout, VrpTable& table);

}  // namespace osescan::engine::rpki
