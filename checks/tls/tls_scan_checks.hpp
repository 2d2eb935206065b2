#pragma once
// The tls.* checks judged from the tls-scan facts (after tls.version, in report order):
// tls.ciphers, tls.cipher_order (tls_ciphers.cpp); tls.key_exchange, tls.kex_hash,
// tls.post_quantum (tls_key_exchange.cpp); tls.compression, tls.secure_renegotiation,
// tls.extended_master_secret, tls.fallback_scsv (tls_features.cpp).

#include "checks/check.hpp"
#include "checks/tls/tls_scan_view.hpp"

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

// Each check's judgement of one endpoint: the tls.* checks above run them over the web
// endpoints, the mail.tls.* checks (checks/mail/mail_tls_checks.cpp) over the MX endpoints.
const ScanJudgement& ciphers_judgement();
const ScanJudgement& cipher_order_judgement();
const ScanJudgement& key_exchange_judgement();
const ScanJudgement& kex_hash_judgement();
const ScanJudgement& post_quantum_judgement();
const ScanJudgement& compression_judgement();
const ScanJudgement& secure_renegotiation_judgement();
const ScanJudgement& extended_master_secret_judgement();
const ScanJudgement& fallback_scsv_judgement();

}  // namespace osescan::checks::tls
