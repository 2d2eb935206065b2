#include "engine/tls/openssl_behaviour_prober.hpp"

#include "engine/tls/behaviour_probes.hpp"

namespace osescan::engine::tls {

OpenSslBehaviourProber::OpenSslBehaviourProber(EventLoop& loop, const ProbeSettings& settings)
    : m_loop(loop), m_timeout(settings.timeout), m_context(std::make_shared<SslCtxHandle>(make_behaviour_context())) {}

Cancel OpenSslBehaviourProber::probe(const facts::TlsBehaviourRequest& request,
                                     std::function<void(facts::Observed<facts::TlsBehaviour>)> done) {
    std::shared_ptr<BehaviourProbe> probe;
    if (request.aspect == facts::tls_behaviour_aspect::client_renegotiation)
        probe = std::make_shared<RenegotiationProbe>(m_loop, m_context, request, m_timeout, std::move(done));
    else if (request.aspect == facts::tls_behaviour_aspect::zero_rtt)
        probe = std::make_shared<ZeroRttProbe>(m_loop, m_context, request, m_timeout, std::move(done));
    if (!probe) {
        m_loop.post([done = std::move(done), aspect = request.aspect] {
            done(facts::ProbeError{facts::probe_error::internal, "unknown tls-behaviour aspect '" + aspect + "'"});
        });
        return {};
    }
    probe->start();
    return [weak = std::weak_ptr<BehaviourProbe>(probe)] {
        if (auto running = weak.lock()) running->cancel();
    };
}

}  // namespace osescan::engine::tls
