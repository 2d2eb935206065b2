#pragma once
// What a server's certificates say about themselves beyond the chain: their revocation
// status (an OCSP answer, RFC 6960, stapled or fetched; or a CRL entry, RFC 5280 section 5)
// and the Certificate Transparency timestamps that come with them (RFC 6962 section 3.3).

#include <cstdint>
#include <string>

namespace osescan::facts {

namespace revocation_status {
inline constexpr const char* good = "good";
inline constexpr const char* revoked = "revoked";
inline constexpr const char* unknown = "unknown";  // OCSP: the responder does not know it
inline constexpr const char* invalid = "invalid";  // an answer that cannot be relied on
}  // namespace revocation_status

// One revocation answer about one certificate, already verified by the engine: signed by
// the certificate's issuer (or an OCSP responder it delegated to, RFC 6960 section
// 4.2.2.2), about that certificate (CertID / CRL issuer), and current.
struct RevocationAnswer {
    std::string status;  // revocation_status::*, "" = none (no staple)
    // Why `status` is "invalid": "malformed", "unsuccessful" (OCSP responseStatus, RFC 6960
    // section 4.2.1), "bad-signature", "other-certificate" (no SingleResponse / CRL for it),
    // "stale" (outside thisUpdate..nextUpdate), "no-issuer" (issuer not found), "http-<n>",
    // "too-large".
    std::string problem;
    std::string reason;       // revoked: the CRLReason (RFC 5280 section 5.3.1) name, "" if none
    int64_t revoked_at = 0;   // revoked: revocationTime / revocationDate, Unix seconds
    int64_t this_update = 0;  // Unix seconds, 0 = not known
    int64_t next_update = 0;  // Unix seconds, 0 = not given
    bool operator==(const RevocationAnswer&) const = default;
};

// Ask `url` about one certificate: an OCSP request by HTTP GET (RFC 6960 appendix A.1)
// or the CRL at `url`, over plain HTTP to `address` (the URL's host as the check resolved
// it). The engine fetches each URL once per scan and shares the answer among targets.
struct RevocationRequest {
    std::string method;              // "ocsp" or "crl"
    std::string url;                 // "http://host[:port]/path" from AIA or CDP
    std::string address;             // IP literal the URL's host resolved to
    std::string certificate_sha256;  // the certificate asked about (Certificate::sha256)
    std::string certificate_pem;
    std::string issuer_sha256;  // its issuer, as served; "" = find it in the trust store
    std::string issuer_pem;
    bool operator==(const RevocationRequest&) const = default;
};

// A Signed Certificate Timestamp (RFC 6962 section 3.2) as found by the engine.
struct SignedTimestamp {
    std::string source;        // "certificate" (X.509v3 extension), "tls-extension", "ocsp"
    int version = 0;           // 0 = v1
    std::string log_id;        // SHA-256 of the log's key, hex (32 bytes)
    int64_t timestamp_ms = 0;  // milliseconds since the epoch
    bool operator==(const SignedTimestamp&) const = default;
};

}  // namespace osescan::facts
