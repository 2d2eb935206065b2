#include "engine/tls/scan/wire_tls_scan_prober.hpp"

#include <unistd.h>

#include <deque>
#include <utility>
#include <vector>

#include "engine/loop/connection_slots.hpp"
#include "engine/smtp/starttls_preamble.hpp"
#include "engine/tls/scan/strategy.hpp"
#include "engine/tls/wire/hello_exchange.hpp"

namespace osescan::engine::tls::scan {

namespace {

// The versions fact an address:port:sni shares with the other aspects: the same server only
// when reached the same way (after STARTTLS or not).
std::string cache_key(const facts::TlsScanRequest& r) {
    return r.address + "|" + std::to_string(r.port) + "|" + r.sni + "|" + r.starttls;
}

// Connections at once per address, over every fact in flight.
using AddressSlots = ConnectionSlots;

}  // namespace

struct WireTlsScanProber::Shared {
    Shared(EventLoop& l, const ProbeSettings& s)
        : loop(l), settings(s), slots(s.tls_scan_per_address),
          smtp_slots(s.smtp_slots ? s.smtp_slots : std::make_shared<ConnectionSlots>(s.smtp_per_host)) {}
    EventLoop& loop;
    ProbeSettings settings;
    AddressSlots slots;
    // Hellos after SMTP STARTTLS: the SMTP cap per MX host (--smtp-connections), shared
    // with the SMTP prober, since mail servers rate-limit scanners ("421 too many
    // connections", sslyze #385).
    std::shared_ptr<ConnectionSlots> smtp_slots;
    std::map<std::string, facts::TlsScan> versions;  // address|port|sni -> versions fact
};

namespace {

using Done = std::function<void(facts::Observed<facts::TlsScan>)>;

// One fact: the strategy's batches, each hello in a connection slot of the address.
class Run : public std::enable_shared_from_this<Run> {
public:
    Run(std::shared_ptr<WireTlsScanProber::Shared> shared, facts::TlsScanRequest request,
        std::unique_ptr<Strategy> strategy, Done done)
        : m_shared(std::move(shared)), m_request(std::move(request)), m_strategy(std::move(strategy)),
          m_done(std::move(done)) {}

    void start() {
        auto self = shared_from_this();
        const auto budget = m_shared->settings.timeout * k_tls_scan_timeouts;
        m_budget = m_shared->loop.after(budget, [self, budget] {
            self->m_budget = 0;
            self->fail({facts::probe_error::timeout, "the " + self->m_request.aspect + " scan took more than " +
                                                         std::to_string(budget.count()) + " ms (" +
                                                         std::to_string(self->m_sent) + " hellos sent)"});
        });
        m_shared->loop.post([self] { self->step(); });
    }

    void cancel() {
        if (m_finished) return;
        m_finished = true;
        m_done = nullptr;
        stop_all();
    }

private:
    struct Slot {
        AddressSlots::Id id = 0;
        bool holding = false;  // started: holds a connection slot
        std::function<void()> cancel;
    };

    void step() {
        if (m_finished) return;
        std::vector<wire::ClientHelloSpec> batch = m_strategy->next();
        if (batch.empty()) {
            facts::TlsScan scan = m_strategy->result();
            scan.handshakes = m_sent;
            if (m_request.aspect == facts::tls_scan_aspect::versions) m_shared->versions[cache_key(m_request)] = scan;
            return finish(std::move(scan));
        }
        m_answers.assign(batch.size(), {});
        m_slots.assign(batch.size(), {});
        m_pending = batch.size();
        m_batch = std::move(batch);
        const uint64_t generation = ++m_generation;
        auto self = shared_from_this();
        for (size_t i = 0; i < m_batch.size() && !m_finished; ++i) {
            m_slots[i].id = slots().acquire(slot_key(), [self, i, generation] { self->launch(i, generation); });
        }
    }

    void launch(size_t i, uint64_t generation) {
        if (m_finished || generation != m_generation) {
            slots().release(slot_key());
            return;
        }
        m_slots[i].holding = true;
        ++m_sent;
        if (m_request.starttls == k_starttls_smtp) return launch_after_starttls(i, generation);
        auto self = shared_from_this();
        m_slots[i].cancel = wire::exchange_hello_cancellable(m_shared->loop, {m_request.address, m_request.port},
                                                             wire::build_client_hello(m_batch[i]), exchange_options(),
                                                             [self, i, generation](wire::ExchangeResult result) {
                                                                 self->on_answer(i, generation, std::move(result));
                                                             });
    }

    wire::ExchangeOptions exchange_options() const {
        wire::ExchangeOptions options;
        options.timeout = m_shared->settings.timeout;
        return options;
    }

    // RFC 3207 §4: the hello goes on a fresh connection after greeting, EHLO, STARTTLS and
    // its 220, each step bounded by the timeout. No QUIT after the hello: the server reads
    // TLS now, and a raw hello is never completed; we just close.
    void launch_after_starttls(size_t i, uint64_t generation) {
        auto self = shared_from_this();
        auto preamble =
            std::make_shared<smtp::StarttlsPreamble>(m_shared->loop, m_request.address, m_request.port,
                                                     m_shared->settings.ehlo_name, m_shared->settings.timeout,
                                                     [self, i, generation](smtp::PreambleResult result) {
                                                         self->on_preamble(i, generation, std::move(result));
                                                     });
        m_slots[i].cancel = [preamble] { preamble->cancel(); };
        preamble->start();
    }

    void on_preamble(size_t i, uint64_t generation, smtp::PreambleResult result) {
        if (generation != m_generation || m_finished) {
            if (result.fd >= 0) ::close(result.fd);
            return;
        }
        // A failure before the hello says nothing about TLS: the fact is an error with the
        // server's words, never a refusal of the version asked.
        std::optional<facts::ProbeError> error;
        if (!result.session.ok()) error = result.session.error();
        else if (result.fd < 0)
            error = facts::ProbeError{facts::probe_error::smtp_rejected, smtp::no_tls_reason(result.session.value())};
        if (error) {
            // Failed first, released by stop_all after the generation moved on: a freed slot
            // must not start the next queued connection of a fact that has ended.
            m_slots[i].cancel = nullptr;  // the preamble may linger to read the 221 to QUIT
            error->detail = "SMTP before hello " + std::to_string(m_sent) + " (after " + std::to_string(m_answered) +
                            " answered): " + error->detail;
            return fail(*error);
        }
        auto self = shared_from_this();
        m_slots[i].cancel =
            wire::exchange_hello_on_fd(m_shared->loop, result.fd, wire::build_client_hello(m_batch[i]),
                                       exchange_options(), [self, i, generation](wire::ExchangeResult answer) {
                                           self->on_answer(i, generation, std::move(answer));
                                       });
    }

    AddressSlots& slots() { return m_request.starttls.empty() ? m_shared->slots : *m_shared->smtp_slots; }
    // Web hellos are capped per address; STARTTLS ones per MX host (the SNI), as the SMTP
    // prober caps its conversations.
    const std::string& slot_key() const {
        return m_request.starttls.empty() || m_request.sni.empty() ? m_request.address : m_request.sni;
    }

    void release(size_t i) {
        m_slots[i].holding = false;
        m_slots[i].cancel = nullptr;
        slots().release(slot_key());
    }

    void on_answer(size_t i, uint64_t generation, wire::ExchangeResult result) {
        if (generation != m_generation) return;
        m_slots[i].cancel = nullptr;
        // A failure ends the fact before the slot is freed (stop_all frees it): freed first,
        // it would start the next queued hello of a fact that has ended.
        if (auto error = transport_error(result, m_strategy->resets_refuse(), m_answered)) return fail(*error);
        release(i);
        ++m_answered;
        m_answers[i] = std::move(result);
        if (--m_pending > 0) return;
        m_strategy->answer(m_answers);
        step();
    }

    void stop_all() {
        if (m_budget) m_shared->loop.cancel(m_budget);
        m_budget = 0;
        ++m_generation;  // launches still queued release their slot at once
        for (Slot& slot : m_slots) {
            if (slot.holding) {
                slot.holding = false;
                if (slot.cancel) slot.cancel();
                slot.cancel = nullptr;
                slots().release(slot_key());
            } else if (slot.id) {
                slots().forget(slot_key(), slot.id);
            }
        }
        m_slots.clear();
    }

    void fail(facts::ProbeError error) { finish(facts::Observed<facts::TlsScan>(std::move(error))); }

    void finish(facts::Observed<facts::TlsScan> result) {
        if (m_finished) return;
        m_finished = true;
        stop_all();
        Done done = std::move(m_done);
        m_done = nullptr;
        if (done) done(std::move(result));
    }

    std::shared_ptr<WireTlsScanProber::Shared> m_shared;
    facts::TlsScanRequest m_request;
    std::unique_ptr<Strategy> m_strategy;
    Done m_done;
    std::vector<wire::ClientHelloSpec> m_batch;
    std::vector<wire::ExchangeResult> m_answers;
    std::vector<Slot> m_slots;
    size_t m_pending = 0;
    uint64_t m_generation = 0;
    int m_sent = 0;
    int m_answered = 0;
    bool m_finished = false;
    EventLoop::TimerId m_budget = 0;
};

}  // namespace

WireTlsScanProber::WireTlsScanProber(EventLoop& loop, const ProbeSettings& settings)
    : m_shared(std::make_shared<Shared>(loop, settings)) {}

WireTlsScanProber::~WireTlsScanProber() = default;

Cancel WireTlsScanProber::scan(const facts::TlsScanRequest& request,
                               std::function<void(facts::Observed<facts::TlsScan>)> done) {
    std::optional<facts::TlsScan> versions;
    if (auto it = m_shared->versions.find(cache_key(request)); it != m_shared->versions.end()) versions = it->second;
    MadeStrategy made = make_strategy(request, versions);
    if (!made.strategy) {
        auto cancelled = std::make_shared<bool>(false);
        m_shared->loop.post([cancelled, done = std::move(done), error = *made.error] {
            if (!*cancelled) done(error);
        });
        return [cancelled] { *cancelled = true; };
    }
    auto run = std::make_shared<Run>(m_shared, request, std::move(made.strategy), std::move(done));
    run->start();
    return [weak = std::weak_ptr<Run>(run)] {
        if (auto alive = weak.lock()) alive->cancel();
    };
}

}  // namespace osescan::engine::tls::scan
