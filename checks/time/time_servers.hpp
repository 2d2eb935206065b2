#pragma once
// The time servers a target asks about, and the per-address loop the time checks share.
//
// An nts://host[:port] target is one time server. A domain target has the servers given
// with --ntp-server (recorded in the scan context as "time.servers", so a replay judges the
// same ones): a domain's time servers cannot be discovered from DNS (no record names them).

#include <functional>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "checks/outcome.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::time {

struct TimeServer {
    std::string host;  // name or IP literal
    bool is_ip = false;
    uint16_t port = facts::k_nts_ke_port;  // NTS-KE port
};

std::vector<TimeServer> time_servers(const facts::TargetFacts& facts);

// The NTS exchange and the plain NTP request of one address of a server.
facts::NtsRequest nts_request(const TimeServer& server, const std::string& address);
facts::NtpRequest ntp_request(const std::string& address);

// "time.example [2001:db8::1]:4460" / "198.51.100.1:4460": the subject of a finding.
std::string server_subject(const TimeServer& server, const std::string& address);

using ServerRequests = std::function<std::vector<facts::Request>(const TimeServer&, const std::string& address)>;
using ServerJudge = std::function<Finding(const TimeServer&, const std::string& address)>;

// One finding per address of every time server (their facts asked for in one batch); the
// outcome no-time-servers when there are none; an `error` finding for a server whose
// addresses cannot be found.
std::vector<Finding> judge_time_servers(const facts::TargetFacts& facts, const std::string& check_id,
                                        const ServerRequests& requests, const ServerJudge& judge);

// The outcomes judge_time_servers concludes on a check's behalf.
const std::vector<Outcome>& time_server_outcomes();

}  // namespace osescan::checks::time
