#pragma once
// The NCSC-NL classification (TLS guidelines 2025-05, appendix B, as internet.nl applies it)
// of a cipher suite, a key-exchange group and a TLS 1.2 signature scheme. Pure tables: a
// name or code point in, a class out.
//
// Where this differs from the team catalogue (shared/design/checks.md, "tls"), the guideline
// wins; the differences are noted at each table in suite_class.cpp.

#include <cstdint>
#include <string>
#include <string_view>

namespace osescan::checks::tls {

enum class SecurityClass { good, sufficient, phase_out, insufficient };

// "good", "sufficient", "phase-out", "insufficient" (evidence spelling).
std::string_view class_name(SecurityClass c);

// A cipher suite by its IANA name ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
// "TLS_AES_256_GCM_SHA384"). SSLv2 cipher kinds, code points the registry does not name
// ("0x1234") and every suite not listed by the guideline are insufficient.
SecurityClass classify_suite(std::string_view iana_name);

// Why an insufficient suite is insufficient, in a few words ("RSA key exchange (no forward
// secrecy)", "SHA-1 MAC (CBC)", "RC4", ...); "" when the suite is not insufficient.
std::string insufficient_reason(std::string_view iana_name);

// The key type a TLS <= 1.2 suite authenticates with: "ECDSA", "RSA", "" (TLS 1.3 suites,
// which do not name it, anonymous, PSK or others).
std::string_view suite_authentication(std::string_view iana_name);

// A named group (IANA TLS Supported Groups registry) by code point.
SecurityClass classify_group(uint32_t id);
// True for the hybrid ML-KEM groups: X25519MLKEM768 (0x11EC), SecP256r1MLKEM768 (0x11EB),
// SecP384r1MLKEM1024 (0x11ED).
bool is_hybrid_mlkem(uint32_t id);

// The finite-field group of a TLS <= 1.2 DHE key exchange, by the name the prober gives it
// ("ffdhe3072", "modp2048", "custom", ...) and its size.
SecurityClass classify_dh_group(std::string_view name, int bits);

// The hash of a TLS 1.2 signature scheme (IANA code point): "MD5", "SHA-1", "SHA-224",
// "SHA-256", "SHA-384", "SHA-512", "intrinsic" (EdDSA) or "" (unknown).
std::string_view signature_hash(uint32_t id);

}  // namespace osescan::checks::tls
