#pragma once
// Names for key-exchange groups and EC curves in the facts vocabulary.
//
// OpenSSL speaks of "prime256v1"/"secp256r1"; the facts (and the NCSC-NL guidelines the
// checks follow) say "P-256". Names without a NIST alias are kept as OpenSSL spells them
// ("X25519", "X448", "ffdhe2048", "brainpoolP256r1").

#include <openssl/ssl.h>

#include <string>

namespace osescan::engine::tls {

// "prime256v1", "secp256r1", "P-256" -> "P-256"; others unchanged.
std::string curve_display_name(const std::string& openssl_name);

// The key-exchange group of a completed handshake: TLS 1.3 from the negotiated group,
// TLS <= 1.2 from the server's ephemeral key ("X25519", "P-256", "DHE-2048"); "" for
// static RSA key exchange.
std::string negotiated_group(SSL* ssl);

}  // namespace osescan::engine::tls
