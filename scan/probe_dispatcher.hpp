#pragma once
// Hands requests to the right prober, capping the probes in flight (--concurrency) and
// guarding every probe with a timer, so that one misbehaving prober or server cannot hold
// a scan: a probe that has not reported by its timeout plus a grace period ends as
// ProbeError "timeout". After abort_all() (the scan deadline) every queued, running and
// later request ends at once with the given error.
//
// A request is a complete description of its fact (facts::request_key), so targets share
// facts: a request identical to one queued or running joins it, and one already answered
// in this scan gets that answer (a bounded number are kept). Domains that share an MX host
// or a name-server provider therefore cost one SMTP conversation and one TLS scan of it,
// not one per domain. HTTP responses are not shared (their bodies are large and belong to
// one site).

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/loop/event_loop.hpp"
#include "engine/probers.hpp"
#include "facts/facts.hpp"

namespace osescan::scan {

// The engine's probe interfaces, as the runner drives them.
using engine::Cancel;
using engine::DnsProber;
using engine::EventLoop;
using engine::HttpProber;
using engine::ProbeSettings;
using engine::RevocationProber;
using engine::RouteProber;
using engine::SmtpProber;
using engine::TimeProber;
using engine::TlsBehaviourProber;
using engine::TlsProber;
using engine::TlsScanProber;

struct Probers {
    DnsProber* dns = nullptr;        // stub and direct queries
    DnsProber* validator = nullptr;  // DnsVia::validator; null = not configured
    TlsProber* tls = nullptr;
    HttpProber* http = nullptr;
    RouteProber* route = nullptr;                 // null = no VRP source configured
    TlsScanProber* tls_scan = nullptr;            // our own ClientHello engine (engine/tls/wire)
    TimeProber* time = nullptr;                   // NTS and NTP (engine/nts)
    TlsBehaviourProber* tls_behaviour = nullptr;  // renegotiation, 0-RTT (OpenSSL sessions)
    RevocationProber* revocation = nullptr;       // OCSP responders and CRLs
    SmtpProber* smtp = nullptr;                   // SMTP + STARTTLS with the MX hosts (engine/smtp)
};

class ProbeDispatcher {
public:
    using Done = std::function<void(facts::Observation)>;

    ProbeDispatcher(EventLoop& loop, Probers probers, size_t concurrency, std::chrono::milliseconds probe_timeout);
    ~ProbeDispatcher();

    void submit(facts::Request request, Done done);
    void abort_all(const facts::ProbeError& reason);

    size_t in_flight() const { return m_running.size(); }
    size_t queued() const { return m_queue.size(); }
    size_t completed() const { return m_completed; }
    size_t shared() const { return m_shared_answers; }  // requests answered by another's probe

    // Answers kept for sharing (the oldest are dropped first).
    static constexpr size_t k_kept_answers = 4096;

private:
    struct Pending {
        facts::Request request;
        Done done;
    };
    struct Running {
        facts::Request request;
        Done done;
        Cancel cancel;
        EventLoop::TimerId guard = 0;
        EventLoop::Clock::time_point started;
    };

    void pump();
    void start(Pending pending);
    void finish(uint64_t id, facts::Result result);
    Cancel launch(uint64_t id, const facts::Request& request);
    Cancel not_configured(uint64_t id, const facts::Request& request, const std::string& why);
    // Wraps the first asker's `done` so that it keeps the answer and hands it to the joiners.
    Done lead(const std::string& key, Done done);

    EventLoop& m_loop;
    Probers m_probers;
    size_t m_concurrency;
    std::chrono::milliseconds m_probe_timeout;
    std::deque<Pending> m_queue;
    std::unordered_map<uint64_t, Running> m_running;
    uint64_t m_next_id = 1;
    size_t m_completed = 0;
    std::optional<facts::ProbeError> m_aborted;
    // Sharing: requests in flight (key -> the askers that joined), answers kept (in order).
    std::unordered_map<std::string, std::vector<Done>> m_joiners;
    std::unordered_map<std::string, facts::Observation> m_answers;
    std::deque<std::string> m_answer_order;
    size_t m_shared_answers = 0;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace osescan::scan
