#pragma once
// Classifies a stapled OCSP response (RFC 6066 section 8, RFC 6960) for the served leaf.

#include <openssl/ssl.h>

#include <vector>

#include "engine/tls/trust_store.hpp"
#include "facts/certificate_status.hpp"

namespace osescan::engine::tls {

inline constexpr long k_max_staple_bytes = 64 * 1024;

// Status "" when the server stapled nothing; "good", "revoked", "unknown" (RFC 6960
// section 2.2 cert status) for a staple that is signed by the leaf's issuer (or a
// responder it delegated to, section 4.2.2.2), is about the leaf and is current;
// "invalid" with a problem otherwise (see judge_ocsp_response). SCTs in a valid staple
// are appended to `scts`.
facts::RevocationAnswer ocsp_staple(SSL* ssl, STACK_OF(X509) * chain, const TrustStore& trust,
                                    std::vector<facts::SignedTimestamp>& scts);

}  // namespace osescan::engine::tls
