#include "engine/tls/openssl_tls_prober.hpp"

#include "engine/tls/probe_ssl_setup.hpp"

namespace osescan::engine::tls {

OpenSslTlsProber::OpenSslTlsProber(EventLoop& loop, const ProbeSettings& settings)
    : m_loop(loop),
      m_timeout(settings.timeout),
      m_context(std::make_shared<const ProbeContext>(ProbeContext{make_probe_context(), TrustStore(settings.ca_file)})) {}

Cancel OpenSslTlsProber::handshake(const facts::TlsRequest& request,
                                   std::function<void(facts::Observed<facts::TlsHandshake>)> done) {
    auto probe = std::make_shared<HandshakeProbe>(m_loop, m_context, request, m_timeout, std::move(done));
    probe->start();
    return [weak = std::weak_ptr<HandshakeProbe>(probe)] {
        if (auto running = weak.lock()) running->cancel();
    };
}

}  // namespace osescan::engine::tls
