#pragma once
// One X.509 certificate as sent by a server -> facts::Certificate.
//
// The certificate is untrusted input: every string taken from it is bounded and made
// printable ASCII, so that a facts file stays valid JSON text whatever the server sent.

#include <openssl/x509.h>

#include "facts/facts.hpp"

namespace osescan::engine::tls {

// Bounds on what is kept of one certificate.
inline constexpr size_t k_max_pem_bytes = 64 * 1024;      // larger: PEM left empty
inline constexpr size_t k_max_san_entries = 1000;         // per list (DNS, IP)
inline constexpr size_t k_max_name_bytes = 4096;          // subject, issuer, one SAN
inline constexpr size_t k_max_urls = 4;                   // OCSP and CRL URLs, each
inline constexpr size_t k_max_url_bytes = 1024;           // one URL
inline constexpr size_t k_max_spki_bytes = 8 * 1024;      // larger SubjectPublicKeyInfo: hex left empty

facts::Certificate certificate_facts(X509* certificate);

}  // namespace osescan::engine::tls
