#pragma once
// The facts of a completed handshake: parameters, served chain, verification, stapling.

#include <openssl/ssl.h>

#include <string>

#include "facts/facts.hpp"
#include "engine/tls/trust_store.hpp"

namespace osescan::engine::tls {

// Certificates kept of a served chain; the rest is neither recorded nor used to verify.
inline constexpr int k_max_chain_certificates = 10;

facts::TlsHandshake completed_handshake_facts(SSL* ssl, const std::string& sni, const TrustStore& trust);

}  // namespace osescan::engine::tls
