#pragma once
// The engine's TlsBehaviourProber on OpenSSL 3.0 (behaviour_probes.hpp): client-initiated
// renegotiation and 0-RTT early data, each fact a few connections to one address, every
// step bounded by ProbeSettings::timeout.

#include <memory>

#include "engine/probers.hpp"
#include "engine/tls/openssl_handles.hpp"

namespace osescan::engine::tls {

class OpenSslBehaviourProber final : public TlsBehaviourProber {
public:
    // Throws std::runtime_error when OpenSSL refuses the fixed client settings.
    OpenSslBehaviourProber(EventLoop& loop, const ProbeSettings& settings);

    Cancel probe(const facts::TlsBehaviourRequest& request,
                 std::function<void(facts::Observed<facts::TlsBehaviour>)> done) override;

private:
    EventLoop& m_loop;
    std::chrono::milliseconds m_timeout;
    std::shared_ptr<SslCtxHandle> m_context;  // shared with the probes in flight
};

}  // namespace osescan::engine::tls

namespace osescan::engine {
using tls::OpenSslBehaviourProber;
}  // namespace osescan::engine
