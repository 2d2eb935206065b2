#pragma once
// The engine's DNS prober: c-ares 1.18 on the EventLoop (see CaresChannel).
//
//   DnsVia::stub       the configured resolvers (ProbeSettings::resolvers; empty = the
//                      system's /etc/resolv.conf), RD=1.
//   DnsVia::direct     exactly DnsRequest::server, RD=0 (we ask authoritative servers).
//                      `server` is an IP literal (port 53) or, like --resolver, "IP:port"
//                      / "[IPv6]:port" (tests run servers on unprivileged ports).
//                      One channel per server, created on first use.
//   DnsVia::validator  not handled here: ProbeError{"not-configured"}.
//
// Queries carry EDNS(0) with a 4096-byte UDP size; c-ares retries over TCP on TC=1.
// Any answer that arrives, whatever its RCODE (SERVFAIL, REFUSED, ...), is a DnsAnswer;
// ProbeErrors are for transport failures: "timeout", "connection-refused", "dns-error"
// (other c-ares failures, malformed responses). Each request completes within
// ProbeSettings::timeout: c-ares makes 2 tries per server inside that budget, and a
// per-request timer reports "timeout" if it has not finished by then.
//
// The EventLoop must outlive the prober. Destroying the prober drops the callbacks of
// requests still in flight (they are never called).

#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/dns/resolver_address.hpp"
#include "engine/probers.hpp"

namespace osescan::engine::dns {

class CaresChannel;

class CaresDnsProber final : public DnsProber {
public:
    // Throws std::runtime_error with a message for the user if a resolver string is
    // invalid or c-ares cannot be set up.
    CaresDnsProber(EventLoop& loop, const ProbeSettings& settings);
    ~CaresDnsProber() override;
    CaresDnsProber(const CaresDnsProber&) = delete;
    CaresDnsProber& operator=(const CaresDnsProber&) = delete;

    Cancel resolve(const facts::DnsRequest& request,
                   std::function<void(facts::Observed<facts::DnsAnswer>)> done) override;

private:
    struct PendingQuery;

    CaresChannel* direct_channel(const ResolverAddress& server);
    std::unique_ptr<CaresChannel> make_channel(std::vector<ResolverAddress> servers);
    void finish(const std::shared_ptr<PendingQuery>& query, facts::Observed<facts::DnsAnswer> result);

    EventLoop& m_loop;
    std::chrono::milliseconds m_timeout;
    std::unique_ptr<CaresChannel> m_stub;
    std::map<std::string, std::unique_ptr<CaresChannel>> m_direct;  // by ResolverAddress::to_string()
    std::unordered_set<std::shared_ptr<PendingQuery>> m_in_flight;  // no result decided yet
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);  // results posted but not delivered check it
};

}  // namespace osescan::engine::dns

namespace osescan::engine {
using dns::CaresDnsProber;
}  // namespace osescan::engine
