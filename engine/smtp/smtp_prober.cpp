#include "engine/smtp/smtp_prober.hpp"

#include "engine/loop/connection_slots.hpp"
#include "engine/smtp/smtp_probe.hpp"
#include "engine/tls/probe_ssl_setup.hpp"

namespace osescan::engine::smtp {

struct SmtpSessionProber::Shared {
    Shared(EventLoop& l, const ProbeSettings& s)
        : loop(l), settings(s), slots(s.smtp_slots ? s.smtp_slots : std::make_shared<ConnectionSlots>(s.smtp_per_host)),
          context(std::make_shared<const tls::ProbeContext>(
              tls::ProbeContext{tls::make_probe_context(), tls::TrustStore(s.ca_file)})) {}
    EventLoop& loop;
    ProbeSettings settings;
    std::shared_ptr<ConnectionSlots> slots;  // per MX host, maybe shared with the TLS scanner
    std::shared_ptr<const tls::ProbeContext> context;
};

namespace {

using Done = std::function<void(facts::Observed<facts::SmtpSession>)>;

// One request: waits for a slot of its MX host, runs one conversation, frees the slot.
class Conversation : public std::enable_shared_from_this<Conversation> {
public:
    Conversation(std::shared_ptr<SmtpSessionProber::Shared> shared, facts::SmtpRequest request, Done done)
        : m_shared(std::move(shared)), m_request(std::move(request)), m_done(std::move(done)) {}

    void start() {
        auto self = shared_from_this();
        const auto budget = m_shared->settings.timeout * k_smtp_timeouts;
        m_budget = m_shared->loop.after(budget, [self, budget] {
            self->m_budget = 0;
            self->finish(facts::ProbeError{facts::probe_error::timeout,
                                           std::string(self->m_probe ? "the SMTP conversation"
                                                                     : "waiting for a connection to the MX host") +
                                               " took more than " + std::to_string(budget.count()) + " ms"});
        });
        m_slot = m_shared->slots->acquire(m_request.host, [self] { self->run(); });
    }

    void cancel() {
        m_done = nullptr;
        finish(facts::ProbeError{});
    }

private:
    void run() {
        m_holding = true;
        if (!m_done) return release();  // cancelled while the slot was being handed over
        auto self = shared_from_this();
        m_probe =
            std::make_shared<SmtpProbe>(m_shared->loop, m_shared->context, m_request, m_shared->settings.ehlo_name,
                                        m_shared->settings.timeout, [self](facts::Observed<facts::SmtpSession> result) {
                                            self->m_probe.reset();
                                            self->finish(std::move(result));
                                        });
        // Posted: a slot freed inside another conversation's callback starts this one on a
        // later turn, never re-entrantly.
        m_shared->loop.post([self, probe = m_probe] {
            if (self->m_probe == probe) probe->start();
        });
    }

    void release() {
        if (!m_holding) return;
        m_holding = false;
        // The next waiting conversation of this host starts on a later loop turn.
        m_shared->loop.post([shared = m_shared, host = m_request.host] { shared->slots->release(host); });
    }

    void finish(facts::Observed<facts::SmtpSession> result) {
        if (m_finished) return;
        m_finished = true;
        if (m_budget != 0) m_shared->loop.cancel(m_budget);
        m_budget = 0;
        if (m_probe) {
            m_probe->cancel();
            m_probe.reset();
        }
        if (!m_holding) m_shared->slots->forget(m_request.host, m_slot);
        release();
        Done done = std::move(m_done);
        m_done = nullptr;
        if (done) done(std::move(result));
    }

    std::shared_ptr<SmtpSessionProber::Shared> m_shared;
    facts::SmtpRequest m_request;
    Done m_done;
    ConnectionSlots::Id m_slot = 0;
    bool m_holding = false;
    bool m_finished = false;
    EventLoop::TimerId m_budget = 0;
    std::shared_ptr<SmtpProbe> m_probe;
};

}  // namespace

SmtpSessionProber::SmtpSessionProber(EventLoop& loop, const ProbeSettings& settings)
    : m_shared(std::make_shared<Shared>(loop, settings)) {}

Cancel SmtpSessionProber::converse(const facts::SmtpRequest& request, Done done) {
    auto conversation = std::make_shared<Conversation>(m_shared, request, std::move(done));
    conversation->start();
    return [weak = std::weak_ptr<Conversation>(conversation)] {
        if (auto running = weak.lock()) running->cancel();
    };
}

}  // namespace osescan::engine::smtp
