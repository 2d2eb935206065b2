#pragma once
// The time-server prober (engine/probers.hpp TimeProber): NTS exchanges and plain NTP
// requests, each on a worker thread of its own.
//
// Why threads here when the rest of the engine runs on the one event loop: an NTS fact is
// a strict sequence (TCP, TLS 1.3, records, key export, then UDP with those keys) whose
// steps are each a short blocking wait; written linearly it is a page of code that reads
// like RFC 8915 and is driven directly by the engine tests. Every wait is a poll() against
// the fact's deadline, so a thread never outlives its timeout by more than one step; the
// result comes back to the loop through an eventfd the loop watches. SIGPIPE is blocked
// in the worker (a TLS write to a closed socket must not kill the scan).

#include <memory>

#include "engine/loop/event_loop.hpp"
#include "engine/nts/nts_exchange.hpp"
#include "engine/probers.hpp"

namespace osescan::engine::nts {

class ThreadTimeProber : public TimeProber {
public:
    // Throws std::runtime_error when the TLS context or the CA file cannot be set up.
    ThreadTimeProber(EventLoop& loop, const ProbeSettings& settings);

    Cancel nts(const facts::NtsRequest& request,
               std::function<void(facts::Observed<facts::NtsExchange>)> done) override;
    Cancel ntp(const facts::NtpRequest& request,
               std::function<void(facts::Observed<facts::NtpExchange>)> done) override;

private:
    EventLoop& m_loop;
    std::chrono::milliseconds m_timeout;
    std::shared_ptr<const NtsContext> m_context;
};

}  // namespace osescan::engine::nts
