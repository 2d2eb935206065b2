// The NCSC-NL 2025-05 classification of suites, groups, DH groups and signature hashes.
#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "checks/tls/suite_class.hpp"

using namespace osescan::checks::tls;

TEST_CASE("tls suite_class: cipher suites per NCSC-NL 2025-05 appendix B") {
    const std::vector<std::pair<const char*, SecurityClass>> cases{
        {"TLS_AES_256_GCM_SHA384", SecurityClass::good},
        {"TLS_CHACHA20_POLY1305_SHA256", SecurityClass::good},
        {"TLS_AES_128_GCM_SHA256", SecurityClass::sufficient},
        {"TLS_AES_128_CCM_SHA256", SecurityClass::sufficient},
        {"TLS_AES_128_CCM_8_SHA256", SecurityClass::insufficient},
        {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", SecurityClass::sufficient},
        {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", SecurityClass::sufficient},
        {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", SecurityClass::sufficient},
        {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM", SecurityClass::sufficient},
        {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", SecurityClass::insufficient},
        {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", SecurityClass::phase_out},
        {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", SecurityClass::phase_out},
        {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", SecurityClass::insufficient},
        {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", SecurityClass::insufficient},
        {"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", SecurityClass::phase_out},
        {"TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", SecurityClass::phase_out},
        {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", SecurityClass::phase_out},
        {"TLS_DHE_RSA_WITH_AES_128_CCM", SecurityClass::phase_out},
        {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA", SecurityClass::insufficient},
        {"TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", SecurityClass::insufficient},
        {"TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", SecurityClass::phase_out},
        {"TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", SecurityClass::phase_out},
        {"TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", SecurityClass::insufficient},
        {"TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", SecurityClass::insufficient},
        {"TLS_RSA_WITH_AES_256_GCM_SHA384", SecurityClass::insufficient},
        {"TLS_RSA_WITH_AES_128_CBC_SHA", SecurityClass::insufficient},
        {"TLS_RSA_WITH_3DES_EDE_CBC_SHA", SecurityClass::insufficient},
        {"TLS_RSA_WITH_RC4_128_SHA", SecurityClass::insufficient},
        {"TLS_RSA_WITH_RC4_128_MD5", SecurityClass::insufficient},
        {"TLS_RSA_WITH_NULL_SHA256", SecurityClass::insufficient},
        {"TLS_RSA_EXPORT_WITH_RC4_40_MD5", SecurityClass::insufficient},
        {"TLS_DH_anon_WITH_AES_128_GCM_SHA256", SecurityClass::insufficient},
        {"TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", SecurityClass::insufficient},
        {"TLS_RSA_WITH_IDEA_CBC_SHA", SecurityClass::insufficient},
        {"TLS_RSA_WITH_SEED_CBC_SHA", SecurityClass::insufficient},
        {"TLS_RSA_WITH_DES_CBC_SHA", SecurityClass::insufficient},
        {"TLS_PSK_WITH_AES_128_GCM_SHA256", SecurityClass::insufficient},
        {"TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", SecurityClass::insufficient},
        {"SSL_CK_RC4_128_WITH_MD5", SecurityClass::insufficient},
        {"0x1234", SecurityClass::insufficient},
        {"", SecurityClass::insufficient},
    };
    for (const auto& [name, expected] : cases) {
        INFO(name);
        CHECK(classify_suite(name) == expected);
        CHECK(insufficient_reason(name).empty() == (expected != SecurityClass::insufficient));
    }
    CHECK(class_name(SecurityClass::phase_out) == "phase-out");
    CHECK(class_name(SecurityClass::good) == "good");
    CHECK(class_name(SecurityClass::sufficient) == "sufficient");
    CHECK(class_name(SecurityClass::insufficient) == "insufficient");
    CHECK(insufficient_reason("TLS_RSA_WITH_AES_128_GCM_SHA256") == "no forward secrecy (static key exchange)");
    CHECK(insufficient_reason("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA") == "SHA-1 or MD5 MAC");
    CHECK(insufficient_reason("TLS_RSA_WITH_RC4_128_SHA") == "RC4");
    CHECK(insufficient_reason("TLS_RSA_WITH_3DES_EDE_CBC_SHA") == "DES/3DES");
    CHECK(insufficient_reason("SSL_CK_RC4_128_WITH_MD5") == "SSLv2 cipher kind");
}

TEST_CASE("tls suite_class: authentication key type of a suite") {
    CHECK(suite_authentication("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256") == "ECDSA");
    CHECK(suite_authentication("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") == "RSA");
    CHECK(suite_authentication("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256") == "RSA");
    CHECK(suite_authentication("TLS_RSA_WITH_AES_128_CBC_SHA") == "RSA");
    CHECK(suite_authentication("TLS_AES_128_GCM_SHA256") == "");
    CHECK(suite_authentication("TLS_DH_anon_WITH_AES_128_CBC_SHA") == "");
}

TEST_CASE("tls suite_class: groups, DH groups and signature hashes") {
    for (uint32_t id : {0x0017u, 0x0018u, 0x0019u, 0x001Du, 0x001Eu, 0x001Au, 0x001Bu, 0x001Cu, 0x11ECu})
        CHECK(classify_group(id) == SecurityClass::good);
    CHECK(classify_group(0x0015) == SecurityClass::phase_out);       // secp224r1
    CHECK(classify_group(0x0101) == SecurityClass::phase_out);       // ffdhe3072
    CHECK(classify_group(0x0100) == SecurityClass::insufficient);    // ffdhe2048
    CHECK(classify_group(0x0013) == SecurityClass::insufficient);    // secp192r1
    CHECK(classify_group(0x4242) == SecurityClass::insufficient);
    CHECK(is_hybrid_mlkem(0x11EC));
    CHECK(is_hybrid_mlkem(0x11EB));
    CHECK(is_hybrid_mlkem(0x11ED));
    CHECK_FALSE(is_hybrid_mlkem(0x001D));
    CHECK(classify_dh_group("ffdhe3072", 3072) == SecurityClass::phase_out);
    CHECK(classify_dh_group("ffdhe8192", 8192) == SecurityClass::phase_out);
    CHECK(classify_dh_group("ffdhe2048", 2048) == SecurityClass::insufficient);
    CHECK(classify_dh_group("modp2048", 2048) == SecurityClass::insufficient);
    CHECK(classify_dh_group("custom", 4096) == SecurityClass::insufficient);
    CHECK(classify_dh_group("modp1024", 1024) == SecurityClass::insufficient);
    CHECK(signature_hash(0x0201) == "SHA-1");
    CHECK(signature_hash(0x0203) == "SHA-1");
    CHECK(signature_hash(0x0101) == "MD5");
    CHECK(signature_hash(0x0303) == "SHA-224");
    CHECK(signature_hash(0x0401) == "SHA-256");
    CHECK(signature_hash(0x0503) == "SHA-384");
    CHECK(signature_hash(0x0603) == "SHA-512");
    CHECK(signature_hash(0x0804) == "SHA-256");
    CHECK(signature_hash(0x080B) == "SHA-512");
    CHECK(signature_hash(0x0807) == "intrinsic");
    CHECK(signature_hash(0x0420) == "SHA-256");
    CHECK(signature_hash(0x0909) == "");
}
