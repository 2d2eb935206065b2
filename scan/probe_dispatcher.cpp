#include "scan/probe_dispatcher.hpp"

#include <utility>

namespace osescan::scan {

namespace {
// Beyond its own timeout a prober gets this much grace before the guard ends the probe.
constexpr std::chrono::milliseconds k_guard_grace{2000};

facts::Result error_result(const facts::Request& request, const facts::ProbeError& error) {
    struct Make {
        const facts::ProbeError& e;
        facts::Result operator()(const facts::DnsRequest&) const { return facts::Observed<facts::DnsAnswer>(e); }
        facts::Result operator()(const facts::TlsRequest&) const { return facts::Observed<facts::TlsHandshake>(e); }
        facts::Result operator()(const facts::HttpRequest&) const { return facts::Observed<facts::HttpResponse>(e); }
        facts::Result operator()(const facts::RouteRequest&) const { return facts::Observed<facts::RouteValidity>(e); }
        facts::Result operator()(const facts::TlsScanRequest&) const { return facts::Observed<facts::TlsScan>(e); }
        facts::Result operator()(const facts::NtsRequest&) const { return facts::Observed<facts::NtsExchange>(e); }
        facts::Result operator()(const facts::NtpRequest&) const { return facts::Observed<facts::NtpExchange>(e); }
        facts::Result operator()(const facts::TlsBehaviourRequest&) const {
            return facts::Observed<facts::TlsBehaviour>(e);
        }
        facts::Result operator()(const facts::RevocationRequest&) const {
            return facts::Observed<facts::RevocationAnswer>(e);
        }
        facts::Result operator()(const facts::SmtpRequest&) const { return facts::Observed<facts::SmtpSession>(e); }
    };
    return std::visit(Make{error}, request);
}

bool shareable(const facts::Request& request) { return !std::holds_alternative<facts::HttpRequest>(request); }
}  // namespace

ProbeDispatcher::ProbeDispatcher(EventLoop& loop, Probers probers, size_t concurrency,
                                 std::chrono::milliseconds probe_timeout)
    : m_loop(loop), m_probers(probers), m_concurrency(concurrency ? concurrency : 1), m_probe_timeout(probe_timeout) {}

ProbeDispatcher::~ProbeDispatcher() {
    *m_alive = false;
    for (auto& [id, running] : m_running) {
        if (running.cancel) running.cancel();
        m_loop.cancel(running.guard);
    }
}

void ProbeDispatcher::submit(facts::Request request, Done done) {
    if (m_aborted) {
        // Still asynchronous: callers may submit from inside a completion.
        auto result = error_result(request, *m_aborted);
        m_loop.post([done = std::move(done), request = std::move(request), result = std::move(result)]() mutable {
            done(facts::Observation{std::move(request), std::move(result), 0});
        });
        return;
    }
    if (shareable(request)) {
        std::string key = facts::request_key(request);
        if (auto kept = m_answers.find(key); kept != m_answers.end()) {
            ++m_shared_answers;
            m_loop.post(
                [done = std::move(done), observation = kept->second]() mutable { done(std::move(observation)); });
            return;
        }
        if (auto joined = m_joiners.find(key); joined != m_joiners.end()) {
            ++m_shared_answers;
            joined->second.push_back(std::move(done));
            return;
        }
        m_joiners.emplace(key, std::vector<Done>{});
        done = lead(key, std::move(done));
    }
    m_queue.push_back(Pending{std::move(request), std::move(done)});
    pump();
}

ProbeDispatcher::Done ProbeDispatcher::lead(const std::string& key, Done done) {
    std::weak_ptr<bool> alive = m_alive;
    return [this, alive, key, done = std::move(done)](facts::Observation observation) {
        if (alive.expired()) return done(std::move(observation));
        std::vector<Done> joiners;
        if (auto it = m_joiners.find(key); it != m_joiners.end()) {
            joiners = std::move(it->second);
            m_joiners.erase(it);
        }
        // An answer cut short by the deadline is not the fact: not kept.
        if (!m_aborted) {
            if (m_answer_order.size() >= k_kept_answers) {
                m_answers.erase(m_answer_order.front());
                m_answer_order.pop_front();
            }
            m_answers.emplace(key, observation);
            m_answer_order.push_back(key);
        }
        for (Done& joiner : joiners) joiner(observation);
        done(std::move(observation));
    };
}

void ProbeDispatcher::pump() {
    while (!m_queue.empty() && m_running.size() < m_concurrency) {
        Pending next = std::move(m_queue.front());
        m_queue.pop_front();
        start(std::move(next));
    }
}

void ProbeDispatcher::start(Pending pending) {
    const uint64_t id = m_next_id++;
    Running& running = m_running[id];
    running.request = std::move(pending.request);
    running.done = std::move(pending.done);
    running.started = EventLoop::Clock::now();
    // A TLS handshake scan fact is many hellos, bounded by the prober at k_tls_scan_timeouts.
    // A TLS scan, an NTS exchange, a TLS behaviour fact and an SMTP conversation are several
    // network operations (an SMTP one may also wait for a slot of its MX host), each bounded
    // by its own number of timeouts.
    const auto limit =
        std::holds_alternative<facts::TlsScanRequest>(running.request) ? m_probe_timeout * engine::k_tls_scan_timeouts
        : std::holds_alternative<facts::NtsRequest>(running.request)   ? m_probe_timeout * engine::k_nts_timeouts
        : std::holds_alternative<facts::TlsBehaviourRequest>(running.request)
            ? m_probe_timeout * engine::k_tls_behaviour_timeouts
        : std::holds_alternative<facts::SmtpRequest>(running.request) ? m_probe_timeout * engine::k_smtp_timeouts
                                                                      : m_probe_timeout;
    running.guard = m_loop.after(limit + k_guard_grace, [this, id] {
        auto it = m_running.find(id);
        if (it == m_running.end()) return;
        if (it->second.cancel) it->second.cancel();
        finish(id, error_result(it->second.request, {facts::probe_error::timeout, "no answer within the timeout"}));
    });
    running.cancel = launch(id, running.request);
}

Cancel ProbeDispatcher::launch(uint64_t id, const facts::Request& request) {
    std::weak_ptr<bool> alive = m_alive;
    auto reply = [this, id, alive](auto observed) {
        if (alive.expired()) return;
        finish(id, facts::Result(std::move(observed)));
    };
    struct Launch {
        ProbeDispatcher& self;
        uint64_t id;
        decltype(reply)& cb;
        Cancel operator()(const facts::DnsRequest& r) const {
            DnsProber* prober = r.via == facts::DnsVia::validator ? self.m_probers.validator : self.m_probers.dns;
            if (!prober) return self.not_configured(id, r, "no validating resolver is configured");
            return prober->resolve(r, cb);
        }
        Cancel operator()(const facts::TlsRequest& r) const { return self.m_probers.tls->handshake(r, cb); }
        Cancel operator()(const facts::HttpRequest& r) const { return self.m_probers.http->fetch(r, cb); }
        Cancel operator()(const facts::RouteRequest& r) const {
            if (!self.m_probers.route)
                return self.not_configured(
                    id, r, "no VRP source configured: use --rpki-vrps FILE|URL or --rpki-rtr HOST:PORT");
            return self.m_probers.route->validate(r, cb);
        }
        Cancel operator()(const facts::TlsScanRequest& r) const {
            if (!self.m_probers.tls_scan) return self.not_configured(id, r, "no TLS handshake scanner in this build");
            return self.m_probers.tls_scan->scan(r, cb);
        }
        Cancel operator()(const facts::NtsRequest& r) const {
            if (!self.m_probers.time) return self.not_configured(id, r, "no time-server prober in this build");
            return self.m_probers.time->nts(r, cb);
        }
        Cancel operator()(const facts::NtpRequest& r) const {
            if (!self.m_probers.time) return self.not_configured(id, r, "no time-server prober in this build");
            return self.m_probers.time->ntp(r, cb);
        }
        Cancel operator()(const facts::TlsBehaviourRequest& r) const {
            if (!self.m_probers.tls_behaviour)
                return self.not_configured(id, r, "no TLS behaviour prober in this build");
            return self.m_probers.tls_behaviour->probe(r, cb);
        }
        Cancel operator()(const facts::RevocationRequest& r) const {
            if (!self.m_probers.revocation) return self.not_configured(id, r, "no revocation prober in this build");
            return self.m_probers.revocation->check(r, cb);
        }
        Cancel operator()(const facts::SmtpRequest& r) const {
            if (!self.m_probers.smtp) return self.not_configured(id, r, "no SMTP prober in this build");
            return self.m_probers.smtp->converse(r, cb);
        }
    };
    return std::visit(Launch{*this, id, reply}, request);
}

Cancel ProbeDispatcher::not_configured(uint64_t id, const facts::Request& request, const std::string& why) {
    auto result = error_result(request, {facts::probe_error::not_configured, why});
    std::weak_ptr<bool> alive = m_alive;
    m_loop.post([this, id, alive, result = std::move(result)]() mutable {
        if (!alive.expired()) finish(id, std::move(result));
    });
    return {};
}

void ProbeDispatcher::finish(uint64_t id, facts::Result result) {
    auto it = m_running.find(id);
    if (it == m_running.end()) return;  // already ended by the guard or an abort
    Running running = std::move(it->second);
    m_running.erase(it);
    m_loop.cancel(running.guard);
    const double ms = std::chrono::duration<double, std::milli>(EventLoop::Clock::now() - running.started).count();
    ++m_completed;
    running.done(facts::Observation{std::move(running.request), std::move(result), ms});
    pump();
}

void ProbeDispatcher::abort_all(const facts::ProbeError& reason) {
    m_aborted = reason;
    std::deque<Pending> queued = std::move(m_queue);
    m_queue.clear();
    std::vector<uint64_t> ids;
    for (auto& [id, running] : m_running) ids.push_back(id);
    for (uint64_t id : ids) {
        auto it = m_running.find(id);
        if (it == m_running.end()) continue;
        if (it->second.cancel) it->second.cancel();
        it->second.cancel = nullptr;
        finish(id, error_result(it->second.request, reason));
    }
    for (Pending& p : queued) submit(std::move(p.request), std::move(p.done));
}

}  // namespace osescan::scan
