#pragma once
// The trust roots the TLS prober judges served chains against: the system's default
// store plus ProbeSettings::ca_file. Built once per prober, shared by its probes.

#include <openssl/x509.h>

#include <memory>
#include <string>

#include "engine/tls/openssl_handles.hpp"

namespace osescan::engine::tls {

struct ChainVerdict {
    bool ok = false;
    int code = 0;          // X509_V_ERR_*
    std::string message;   // X509_verify_cert_error_string
};

class TrustStore {
public:
    // Throws std::runtime_error when `ca_file` is set and cannot be loaded.
    explicit TrustStore(const std::string& ca_file);

    // Verifies `chain` (leaf first, as served) for TLS server use. Deliberately without the
    // validity period (X509_V_FLAG_NO_CHECK_TIME) and at auth level 0: expiry, key size and
    // signature hash are judged by their own checks, so that each defect fails one check.
    ChainVerdict verify(STACK_OF(X509) * chain) const;

    // The leaf's issuer: from the served chain, else from the trust roots (for OCSP).
    X509Handle find_issuer(X509* leaf, STACK_OF(X509) * chain) const;

    X509_STORE* store() const { return m_store.get(); }

private:
    X509StoreHandle m_store;
};

// RFC 6125 section 6.4 host matching against the leaf's subjectAltName DNS names only
// (never the subject CN, as RFC 9525 section 6.3 and browsers do), no partial wildcards.
bool leaf_matches_name(X509* leaf, const std::string& host);

}  // namespace osescan::engine::tls
