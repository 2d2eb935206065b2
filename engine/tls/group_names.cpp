#include "engine/tls/group_names.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include <array>
#include <utility>

namespace osescan::engine::tls {

std::string curve_display_name(const std::string& openssl_name) {
    // RFC 8422 section 5.1.1 names (secp*) and the X9.62 alias for P-256.
    static constexpr std::array<std::pair<const char*, const char*>, 6> k_aliases{{
        {"prime256v1", "P-256"},
        {"secp256r1", "P-256"},
        {"secp384r1", "P-384"},
        {"secp521r1", "P-521"},
        {"prime192v1", "P-192"},
        {"secp224r1", "P-224"},
    }};
    for (const auto& [openssl, display] : k_aliases) {
        if (openssl_name == openssl) return display;
    }
    return openssl_name;
}

namespace {

std::string group_of_nid(int nid) {
    if (nid == NID_undef) return "";
    const char* short_name = OBJ_nid2sn(nid);
    return short_name ? curve_display_name(short_name) : "";
}

std::string group_of_ephemeral_key(EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_X25519: return "X25519";
    case EVP_PKEY_X448: return "X448";
    case EVP_PKEY_DH:
    case EVP_PKEY_DHX: return "DHE-" + std::to_string(EVP_PKEY_get_bits(key));
    case EVP_PKEY_EC: {
        char name[80] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) == 1)
            return curve_display_name(std::string(name, length));
        return "EC";
    }
    default: {
        const char* type = EVP_PKEY_get0_type_name(key);
        return type ? type : "";
    }
    }
}

}  // namespace

std::string negotiated_group(SSL* ssl) {
    if (SSL_version(ssl) >= TLS1_3_VERSION) return group_of_nid(SSL_get_negotiated_group(ssl));
    EVP_PKEY* key = nullptr;
    if (SSL_get_peer_tmp_key(ssl, &key) != 1 || key == nullptr) return "";
    std::string name = group_of_ephemeral_key(key);
    EVP_PKEY_free(key);
    return name;
}

}  // namespace osescan::engine::tls
