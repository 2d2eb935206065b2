#pragma once
// One NTS exchange (RFC 8915): the key exchange over TLS 1.3 with ALPN "ntske/1" (§4),
// the keys from the TLS exporter (§5.1), then one NTS NTPv4 request with the first cookie
// to the negotiated server and port (§5). Blocking, on the time prober's worker thread.

#include <chrono>

#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/trust_store.hpp"
#include "facts/facts.hpp"

namespace osescan::engine::nts {

// What every NTS exchange of one prober shares.
struct NtsContext {
    tls::SslCtxHandle ssl_ctx;  // TLS 1.3 only, ALPN ntske/1, no verification in the handshake
    tls::TrustStore trust;      // the served chain is verified afterwards, as a fact
};

// Throws std::runtime_error when OpenSSL refuses the settings or the CA file is unreadable.
NtsContext make_nts_context(const std::string& ca_file);

// The key-exchange phase is bounded by one `timeout`, the NTP request by another.
facts::Observed<facts::NtsExchange> nts_exchange(const NtsContext& context, const facts::NtsRequest& request,
                                                 std::chrono::milliseconds timeout);

}  // namespace osescan::engine::nts
