#pragma once
// Verification of one OCSP response (RFC 6960) about one certificate, shared by the
// stapled response (RFC 6066 section 8) and the one fetched from the responder in AIA.

#include <openssl/x509.h>

#include <vector>

#include "facts/certificate_status.hpp"

namespace osescan::engine::tls {

inline constexpr long k_max_ocsp_response_bytes = 64 * 1024;

// Clock skew tolerated on thisUpdate/nextUpdate, as `openssl ocsp` does by default.
inline constexpr long k_ocsp_validity_skew_seconds = 300;

// Judges the DER `response` about `certificate`, issued by `issuer`:
// - "invalid" with a problem when it is malformed, not "successful", not signed by the
//   issuer or a responder the issuer delegated to (section 4.2.2.2), has no SingleResponse
//   for the certificate's CertID, or is not current (section 4.2.2.1: thisUpdate in the
//   past, nextUpdate in the future);
// - otherwise its certStatus (section 2.2) with reason and dates.
// `untrusted` helps find a delegated responder's chain (may be null). SCTs the response
// carries for the certificate (RFC 6962 section 3.3, single extension
// 1.3.6.1.4.1.11129.2.4.5) are appended to `scts` when given, once verified.
facts::RevocationAnswer judge_ocsp_response(const unsigned char* response, long length, X509* certificate, X509* issuer,
                                            STACK_OF(X509) * untrusted, std::vector<facts::SignedTimestamp>* scts);

// Judges the DER CRL `crl` (RFC 5280 section 5) about `certificate`: "invalid" when it is
// malformed, not issued by `issuer` (name and signature), or not current (thisUpdate in
// the past, nextUpdate in the future); "revoked" when it lists the certificate's serial,
// with the date and CRLReason; "good" otherwise.
facts::RevocationAnswer judge_crl(const unsigned char* crl, long length, X509* certificate, X509* issuer);

// Unix seconds of an ASN.1 time, 0 when absent or unreadable.
int64_t asn1_unix_seconds(const ASN1_TIME* time);

}  // namespace osescan::engine::tls
