// The IANA tables of engine/tls/wire: known values, names of unknown ids, order.

#include <doctest/doctest.h>

#include <set>

#include "engine/tls/wire/client_hello.hpp"
#include "engine/tls/wire/registry.hpp"

using namespace osescan::engine::tls::wire;

TEST_CASE("tls wire registry: cipher suites by id") {
    CHECK(cipher_suite_name(0x002F) == "TLS_RSA_WITH_AES_128_CBC_SHA");
    CHECK(openssl_cipher_name(0x002F) == "AES128-SHA");
    CHECK(cipher_suite_name(0x0003) == "TLS_RSA_EXPORT_WITH_RC4_40_MD5");
    CHECK(openssl_cipher_name(0x0003) == "EXP-RC4-MD5");
    CHECK(cipher_suite_name(0x000A) == "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    CHECK(cipher_suite_name(0xC02F) == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    CHECK(openssl_cipher_name(0xC02F) == "ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(cipher_suite_name(0xCCA8) == "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    CHECK(cipher_suite_name(k_fallback_scsv) == "TLS_FALLBACK_SCSV");
    CHECK(cipher_suite_name(k_empty_renegotiation_info_scsv) == "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    CHECK(cipher_suite_name(0xC106) == "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S");
    CHECK(cipher_suite_name(0x1234) == "0x1234");
    CHECK(cipher_suite_name(0x001C) == "0x001C");  // unassigned (SSLv3 FORTEZZA clash)
    CHECK(openssl_cipher_name(0x1234).empty());
    for (uint16_t id = 0x1301; id <= 0x1305; ++id) {
        REQUIRE(find_cipher_suite(id) != nullptr);
        CHECK(find_cipher_suite(id)->tls13);
    }
    CHECK(cipher_suite_name(0x1305) == "TLS_AES_128_CCM_8_SHA256");
    CHECK_FALSE(find_cipher_suite(0xC02B)->tls13);
    CHECK(cipher_suites().size() > 340);
}

TEST_CASE("tls wire registry: tables are sorted and unique") {
    std::set<uint16_t> ids;
    uint32_t previous = 0;
    for (const CipherSuiteInfo& suite : cipher_suites()) {
        CHECK(ids.insert(suite.id).second);
        CHECK(suite.iana_name.starts_with("TLS_"));
        if (ids.size() > 1) CHECK(suite.id > previous);
        previous = suite.id;
    }
}

TEST_CASE("tls wire registry: groups, signature schemes, SSLv2 kinds") {
    CHECK(group_name(0x001D) == "x25519");
    CHECK(group_name(0x001E) == "x448");
    CHECK(group_name(0x0017) == "secp256r1");
    CHECK(group_name(0x0015) == "secp224r1");
    CHECK(group_name(0x001A) == "brainpoolP256r1");
    CHECK(group_name(0x001F) == "brainpoolP256r1tls13");
    CHECK(group_name(0x0104) == "ffdhe8192");
    CHECK(group_name(0x11EC) == "X25519MLKEM768");
    CHECK(group_name(0x11EB) == "SecP256r1MLKEM768");
    CHECK(group_name(0x11ED) == "SecP384r1MLKEM1024");
    CHECK(group_name(0x6399) == "X25519Kyber768Draft00");
    CHECK(group_name(0xABCD) == "0xABCD");
    CHECK(signature_scheme_name(0x0201) == "rsa_pkcs1_sha1");
    CHECK(signature_scheme_name(0x0203) == "ecdsa_sha1");
    CHECK(signature_scheme_name(0x0303) == "ecdsa_sha224");
    CHECK(signature_scheme_name(0x0804) == "rsa_pss_rsae_sha256");
    CHECK(signature_scheme_name(0x0807) == "ed25519");
    CHECK(signature_scheme_name(0x080B) == "rsa_pss_pss_sha512");
    CHECK(signature_scheme_name(0x0999) == "0x0999");
    CHECK(sslv2_cipher_name(0x010080) == "SSL_CK_RC4_128_WITH_MD5");
    CHECK(sslv2_cipher_name(0x0700C0) == "SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
    CHECK(sslv2_cipher_name(0x123456) == "0x123456");
}

TEST_CASE("tls wire registry: key share lengths match the shares made") {
    for (uint16_t group : {0x0017, 0x0018, 0x0019, 0x001D, 0x001E, 0x0100, 0x0104, 0x0201, 0x11EB, 0x11EC, 0x11ED, 0x6399}) {
        CAPTURE(group);
        REQUIRE(key_share_length(static_cast<uint16_t>(group)).has_value());
        CHECK(make_key_share(static_cast<uint16_t>(group)).size() == *key_share_length(static_cast<uint16_t>(group)));
    }
    CHECK(*key_share_length(0x11EC) == 1216);
    CHECK(*key_share_length(0x11EB) == 1249);
    CHECK(*key_share_length(0x11ED) == 1665);
    CHECK_FALSE(key_share_length(0x001A).has_value());
    CHECK(make_key_share(0x001A).empty());
}
