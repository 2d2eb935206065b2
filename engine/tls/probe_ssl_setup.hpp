#pragma once
// The SSL_CTX of the prober and the per-request settings of one SSL.
//
// A scanner must be able to see weak servers, so the probing context differs from a
// normal client on purpose: security level 0 (old versions, SHA-1 signatures, small DH
// groups, weak suites can be offered), legacy servers without RFC 5746 allowed to connect,
// no certificate verification inside the handshake (chains are verified afterwards, as a
// fact). Everything is set explicitly, so the system openssl.cnf (MinProtocol,
// CipherString, Options...) changes nothing.

#include <openssl/ssl.h>

#include <optional>

#include "facts/facts.hpp"
#include "engine/tls/openssl_handles.hpp"

namespace osescan::engine::tls {

// Cipher list for `TlsRequest::ciphers == ""`: every suite this OpenSSL has that both
// authenticates the server and encrypts (anonymous and NULL suites only when asked for:
// a server preferring them would hide its certificate from the certificate checks).
inline constexpr const char* k_all_tls12_ciphers = "ALL:!aNULL:!eNULL";
// `TlsRequest::ciphersuites == ""`: all five TLS 1.3 suites of RFC 8446 appendix B.4.
inline constexpr const char* k_all_tls13_ciphersuites =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:"
    "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";
// `TlsRequest::groups == ""`: OpenSSL 3.0's built-in default (key share for X25519).
inline constexpr const char* k_default_groups =
    "X25519:P-256:X448:P-521:P-384:ffdhe2048:ffdhe3072:ffdhe4096:ffdhe6144:ffdhe8192";
// TLS 1.2 signature_algorithms (RFC 5246 section 7.4.1.4.1, RFC 8446 section 4.2.3):
// OpenSSL's full built-in list, SHA-1 and SHA-224 included so old servers still answer.
inline constexpr const char* k_signature_algorithms =
    "ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384:ecdsa_secp521r1_sha512:ed25519:ed448:"
    "rsa_pss_pss_sha256:rsa_pss_pss_sha384:rsa_pss_pss_sha512:"
    "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:"
    "rsa_pkcs1_sha256:rsa_pkcs1_sha384:rsa_pkcs1_sha512:"
    "ECDSA+SHA224:RSA+SHA224:DSA+SHA224:DSA+SHA256:DSA+SHA384:DSA+SHA512:"
    "ECDSA+SHA1:RSA+SHA1:DSA+SHA1";
// Bytes of certificate chain accepted from a server (OpenSSL's own default is 100 KiB).
inline constexpr long k_max_certificate_list_bytes = 128 * 1024;

// Throws std::runtime_error if OpenSSL refuses the fixed settings.
SslCtxHandle make_probe_context();

// Applies version, suites, groups, ALPN and SNI of `request` to `ssl`. A ProbeError
// (kind client-unsupported) when this OpenSSL cannot send what was asked.
std::optional<facts::ProbeError> apply_request(SSL* ssl, const facts::TlsRequest& request);

}  // namespace osescan::engine::tls
