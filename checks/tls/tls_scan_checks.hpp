#pragma once
// The tls.* checks judged from the tls-scan facts (after tls.version, in report order):
// tls.ciphers, tls.cipher_order (tls_ciphers.cpp); tls.key_exchange, tls.kex_hash,
// tls.post_quantum (tls_key_exchange.cpp); tls.compression, tls.secure_renegotiation,
// tls.extended_master_secret, tls.fallback_scsv (tls_features.cpp).

#include "checks/check.hpp"

namespace osescan::checks::tls {

const Check& tls_ciphers_check();
const Check& tls_cipher_order_check();
const Check& tls_key_exchange_check();
const Check& tls_kex_hash_check();
const Check& tls_compression_check();
const Check& tls_secure_renegotiation_check();
const Check& tls_extended_master_secret_check();
const Check& tls_post_quantum_check();
const Check& tls_fallback_scsv_check();

std::vector<Finding> check_tls_ciphers(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_cipher_order(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_key_exchange(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_kex_hash(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_compression(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_secure_renegotiation(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_extended_master_secret(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_post_quantum(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_fallback_scsv(const facts::TargetFacts& facts);

}  // namespace osescan::checks::tls
