#include "checks/check.hpp"
#include "checks/tls/tls_ocsp_stapling.hpp"
#include "checks/tls/tls_scan_checks.hpp"
#include "checks/tls/tls_session_checks.hpp"
#include "checks/tls/tls_version.hpp"

namespace osescan::checks::tls {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{tls_version_check(),
                                         tls_ciphers_check(),
                                         tls_cipher_order_check(),
                                         tls_key_exchange_check(),
                                         tls_kex_hash_check(),
                                         tls_compression_check(),
                                         tls_secure_renegotiation_check(),
                                         tls_client_renegotiation_check(),
                                         tls_zero_rtt_check(),
                                         tls_extended_master_secret_check(),
                                         tls_post_quantum_check(),
                                         tls_fallback_scsv_check(),
                                         tls_ocsp_stapling_check()};
    return list;
}

}  // namespace osescan::checks::tls
