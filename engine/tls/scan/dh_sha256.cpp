// SHA-256 of a DH prime (strategy.cpp's identify_dh_group) with OpenSSL's EVP digest.
#include <openssl/evp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace osescan::engine::tls::scan {

std::string sha256_hex(const std::vector<uint8_t>& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) return "";
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0F];
    }
    return out;
}

}  // namespace osescan::engine::tls::scan
