#pragma once
// The project's own validating resolver: libunbound 1.17 on the EventLoop, answering
// DnsVia::validator requests with the DNSSEC status it established itself.
//
// Validation is ours: unbound recurses from the root (or forwards, see below) and checks
// every signature up to the trust anchor; nobody's AD bit is trusted. Configuration
// (ProbeSettings, see unbound_config.hpp):
//   trust_anchor_file  root trust anchor, DS or DNSKEY lines (ub_ctx_add_ta_file); default
//                      /usr/share/dns/root.key from dns-root-data;
//   root_hints_file    root servers to start recursion from (the demo world's private
//                      root); empty = unbound's built-in hints for the real root;
//   dnssec_forwarder   "IP" / "IP:port": send queries to this resolver instead of recursing.
//                      unbound still validates every answer itself (it sets CD towards the
//                      forwarder, so the forwarder's own validation cannot hide data).
//
// Asynchronous: libunbound resolves in its own background thread (ub_ctx_async(ctx, 1);
// the alternative, a forked process, would duplicate this process's OpenSSL and curl state)
// and hands results back through a pipe, ub_fd(), which the EventLoop watches; ub_process()
// then runs the callbacks on the loop thread. No lock is shared with the thread.
//
// Results (validation_outcome.hpp): a DnsAnswer with rcode, answer and authority sections
// from unbound's answer packet, security "secure" / "insecure" / "bogus" and why_bogus;
// ProbeError "dns-error" when no answer could be had (SERVFAIL without a validation
// failure), "timeout" after ProbeSettings::timeout (the query is cancelled in unbound).
//
// The prober contract (engine/probers.hpp) holds: `done` is called once, from the loop,
// never from inside resolve(); after Cancel it is never called. Destroying the prober
// stops unbound's thread and drops the callbacks of queries still in flight. The EventLoop
// must outlive the prober.

#include <chrono>
#include <memory>
#include <unordered_map>

#include "engine/probers.hpp"

struct ub_ctx;
struct ub_result;

namespace osescan::engine::dnssec {

class UnboundValidator final : public DnsProber {
public:
    // Throws std::runtime_error with a message for the user when the settings are unusable
    // (unreadable trust anchor or root hints, invalid forwarder) or unbound cannot start.
    UnboundValidator(EventLoop& loop, const ProbeSettings& settings);
    ~UnboundValidator() override;
    UnboundValidator(const UnboundValidator&) = delete;
    UnboundValidator& operator=(const UnboundValidator&) = delete;

    Cancel resolve(const facts::DnsRequest& request,
                   std::function<void(facts::Observed<facts::DnsAnswer>)> done) override;

private:
    struct PendingQuery;
    struct CallbackSlot;

    static void on_result(void* slot, int error, ub_result* result);
    void finish(const std::shared_ptr<PendingQuery>& query, facts::Observed<facts::DnsAnswer> result);
    void abandon(const std::shared_ptr<PendingQuery>& query);  // timeout or Cancel: ub_cancel

    EventLoop& m_loop;
    std::chrono::milliseconds m_timeout;
    ub_ctx* m_ctx = nullptr;
    int m_fd = -1;
    // Each query's callback argument, owned here until unbound can no longer call it.
    std::unordered_map<const CallbackSlot*, std::unique_ptr<CallbackSlot>> m_slots;
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);  // posted deliveries check it
};

}  // namespace osescan::engine::dnssec

namespace osescan::engine {
using dnssec::UnboundValidator;
}  // namespace osescan::engine
