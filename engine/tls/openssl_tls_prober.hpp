#pragma once
// The engine's TlsProber on OpenSSL 3.0: one TCP connection and one handshake per
// request, driven by the EventLoop, ending within ProbeSettings::timeout.
//
// How a probe ends (facts vocabulary, facts/observed.hpp):
// - TCP refused / unreachable / timed out (connect or handshake) / reset before our first
//   TLS byte: ProbeError connection-refused / unreachable / timeout / connection-reset.
// - TCP up and the server declines the handshake (fatal alert, closes or resets the
//   connection after our ClientHello, answers something OpenSSL rejects): a fact,
//   TlsHandshake{accepted=false, failure="alert: protocol version" / "server closed the
//   connection during the handshake" / OpenSSL's reason}.
// - This OpenSSL cannot send what was asked (SSLv3 here: Debian builds with no-ssl3; a
//   cipher list matching nothing; ...): ProbeError client-unsupported.
// - Anything else local and unexpected: ProbeError tls-handshake-error / internal.
// - A completed handshake: TlsHandshake{accepted=true, ...} with the served chain, its
//   verification (see TrustStore) and the stapled OCSP status.
//
// Request semantics: version "" negotiates TLS 1.0..1.3, otherwise min = max; ciphers ""
// = every authenticating and encrypting <= 1.2 suite of this OpenSSL; ciphersuites "" =
// all five TLS 1.3 suites; groups "" = OpenSSL's default list (probe_ssl_setup.hpp).

#include <memory>

#include "engine/probers.hpp"
#include "engine/tls/handshake_probe.hpp"

namespace osescan::engine::tls {

class OpenSslTlsProber final : public TlsProber {
public:
    // Throws std::runtime_error when ProbeSettings::ca_file cannot be loaded.
    OpenSslTlsProber(EventLoop& loop, const ProbeSettings& settings);

    Cancel handshake(const facts::TlsRequest& request,
                     std::function<void(facts::Observed<facts::TlsHandshake>)> done) override;

private:
    EventLoop& m_loop;
    std::chrono::milliseconds m_timeout;
    // Shared with the probes in flight, so the prober may go before they finish.
    std::shared_ptr<const ProbeContext> m_context;
};

}  // namespace osescan::engine::tls

namespace osescan::engine {
using tls::OpenSslTlsProber;
}  // namespace osescan::engine
