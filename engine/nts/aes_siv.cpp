#include "engine/nts/aes_siv.hpp"

#include <algorithm>
#include <memory>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace osescan::engine::nts {

namespace {
constexpr size_t k_block = 16;

struct MacDeleter {
    void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
struct MacContextDeleter {
    void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
struct CipherContextDeleter {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

using Block = std::vector<uint8_t>;

std::optional<Block> cmac(const std::vector<uint8_t>& key, const std::vector<uint8_t>& data) {
    std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
    if (!mac) return std::nullopt;
    std::unique_ptr<EVP_MAC_CTX, MacContextDeleter> ctx(EVP_MAC_CTX_new(mac.get()));
    char cipher[] = "AES-128-CBC";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
                                 OSSL_PARAM_construct_end()};
    Block out(k_block);
    size_t length = 0;
    if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1 ||
        EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 ||
        EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1 || length != k_block)
        return std::nullopt;
    return out;
}

// RFC 5297 §2.3: multiplication by x in GF(2^128).
Block dbl(const Block& in) {
    Block out(k_block);
    for (size_t i = 0; i < k_block; ++i)
        out[i] = static_cast<uint8_t>((in[i] << 1) | (i + 1 < k_block ? in[i + 1] >> 7 : 0));
    if (in[0] & 0x80) out[k_block - 1] ^= 0x87;
    return out;
}

void xor_into(Block& target, const Block& other) {
    for (size_t i = 0; i < k_block; ++i) target[i] ^= other[i];
}

std::vector<uint8_t> left(const std::vector<uint8_t>& key) { return {key.begin(), key.begin() + 16}; }
std::vector<uint8_t> right(const std::vector<uint8_t>& key) { return {key.begin() + 16, key.end()}; }
}  // namespace

std::optional<std::vector<uint8_t>> siv_s2v(const std::vector<uint8_t>& mac_key,
                                            const std::vector<std::vector<uint8_t>>& strings) {
    if (mac_key.size() != k_block || strings.empty()) return std::nullopt;
    auto d = cmac(mac_key, Block(k_block, 0));
    if (!d) return std::nullopt;
    for (size_t i = 0; i + 1 < strings.size(); ++i) {
        const auto mac = cmac(mac_key, strings[i]);
        if (!mac) return std::nullopt;
        *d = dbl(*d);
        xor_into(*d, *mac);
    }
    std::vector<uint8_t> t = strings.back();
    if (t.size() >= k_block) {
        // xorend: D into the last 16 bytes.
        for (size_t i = 0; i < k_block; ++i) t[t.size() - k_block + i] ^= (*d)[i];
    } else {
        // pad (0x80, then zeros) and xor with dbl(D).
        t.push_back(0x80);
        t.resize(k_block, 0);
        Block doubled = dbl(*d);
        xor_into(doubled, t);
        t = doubled;
    }
    return cmac(mac_key, t);
}

std::optional<std::vector<uint8_t>> siv_ctr(const std::vector<uint8_t>& ctr_key, const std::vector<uint8_t>& iv,
                                            const std::vector<uint8_t>& data) {
    if (ctr_key.size() != k_block || iv.size() != k_block) return std::nullopt;
    if (data.empty()) return std::vector<uint8_t>{};
    Block counter = iv;
    counter[8] &= 0x7F;
    counter[12] &= 0x7F;
    std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter> ctx(EVP_CIPHER_CTX_new());
    std::vector<uint8_t> out(data.size());
    int written = 0;
    int final_written = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ctr(), nullptr, ctr_key.data(), counter.data()) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out.data(), &written, data.data(), static_cast<int>(data.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &final_written) != 1)
        return std::nullopt;
    return out;
}

std::optional<std::vector<uint8_t>> siv_seal(const std::vector<uint8_t>& key, const std::vector<uint8_t>& associated,
                                             const std::vector<uint8_t>& nonce, const std::vector<uint8_t>& plaintext) {
    if (key.size() != k_siv_key_bytes) return std::nullopt;
    const auto v = siv_s2v(left(key), {associated, nonce, plaintext});
    if (!v) return std::nullopt;
    const auto encrypted = siv_ctr(right(key), *v, plaintext);
    if (!encrypted) return std::nullopt;
    std::vector<uint8_t> out = *v;
    out.insert(out.end(), encrypted->begin(), encrypted->end());
    return out;
}

std::optional<std::vector<uint8_t>> siv_open(const std::vector<uint8_t>& key, const std::vector<uint8_t>& associated,
                                             const std::vector<uint8_t>& nonce,
                                             const std::vector<uint8_t>& ciphertext) {
    if (key.size() != k_siv_key_bytes || ciphertext.size() < k_siv_tag_bytes) return std::nullopt;
    const std::vector<uint8_t> v(ciphertext.begin(), ciphertext.begin() + k_siv_tag_bytes);
    const auto plaintext = siv_ctr(right(key), v, {ciphertext.begin() + k_siv_tag_bytes, ciphertext.end()});
    if (!plaintext) return std::nullopt;
    const auto expected = siv_s2v(left(key), {associated, nonce, *plaintext});
    // RFC 5297 §2.7: compare in constant time.
    if (!expected || CRYPTO_memcmp(expected->data(), v.data(), k_siv_tag_bytes) != 0) return std::nullopt;
    return plaintext;
}

}  // namespace osescan::engine::nts
