#include "engine/nts/aes_siv.hpp"

#include <memory>

#include <openssl/evp.h>

namespace osescan::engine::nts {

namespace {
struct CipherDeleter {
    void operator()(EVP_CIPHER* c) const { EVP_CIPHER_free(c); }
};
struct ContextDeleter {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherHandle = std::unique_ptr<EVP_CIPHER, CipherDeleter>;
using ContextHandle = std::unique_ptr<EVP_CIPHER_CTX, ContextDeleter>;

// OpenSSL's SIV takes each EVP_*Update(out == NULL) call as one associated-data component
// (RFC 5297 §2.4 S2V vector), in order.
bool add_associated(EVP_CIPHER_CTX* ctx, const std::vector<uint8_t>& data, bool encrypt) {
    int ignored = 0;
    return encrypt ? EVP_EncryptUpdate(ctx, nullptr, &ignored, data.data(), static_cast<int>(data.size())) == 1
                   : EVP_DecryptUpdate(ctx, nullptr, &ignored, data.data(), static_cast<int>(data.size())) == 1;
}
}  // namespace

std::optional<std::vector<uint8_t>> siv_seal(const std::vector<uint8_t>& key, const std::vector<uint8_t>& associated,
                                             const std::vector<uint8_t>& nonce, const std::vector<uint8_t>& plaintext) {
    if (key.size() != k_siv_key_bytes) return std::nullopt;
    CipherHandle cipher(EVP_CIPHER_fetch(nullptr, "AES-128-SIV", nullptr));
    ContextHandle ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx || EVP_EncryptInit_ex2(ctx.get(), cipher.get(), key.data(), nullptr, nullptr) != 1)
        return std::nullopt;
    if (!add_associated(ctx.get(), associated, true) || !add_associated(ctx.get(), nonce, true)) return std::nullopt;
    std::vector<uint8_t> out(k_siv_tag_bytes + plaintext.size());
    int written = 0;
    // The plaintext update runs even when it is empty: it is what computes the tag.
    uint8_t empty = 0;
    if (EVP_EncryptUpdate(ctx.get(), plaintext.empty() ? &empty : out.data() + k_siv_tag_bytes, &written,
                          plaintext.empty() ? &empty : plaintext.data(), static_cast<int>(plaintext.size())) != 1)
        return std::nullopt;
    int final_written = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + k_siv_tag_bytes + written, &final_written) != 1)
        return std::nullopt;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, k_siv_tag_bytes, out.data()) != 1) return std::nullopt;
    return out;
}

std::optional<std::vector<uint8_t>> siv_open(const std::vector<uint8_t>& key, const std::vector<uint8_t>& associated,
                                             const std::vector<uint8_t>& nonce,
                                             const std::vector<uint8_t>& ciphertext) {
    if (key.size() != k_siv_key_bytes || ciphertext.size() < k_siv_tag_bytes) return std::nullopt;
    CipherHandle cipher(EVP_CIPHER_fetch(nullptr, "AES-128-SIV", nullptr));
    ContextHandle ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx || EVP_DecryptInit_ex2(ctx.get(), cipher.get(), key.data(), nullptr, nullptr) != 1)
        return std::nullopt;
    std::vector<uint8_t> tag(ciphertext.begin(), ciphertext.begin() + k_siv_tag_bytes);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, k_siv_tag_bytes, tag.data()) != 1) return std::nullopt;
    if (!add_associated(ctx.get(), associated, false) || !add_associated(ctx.get(), nonce, false)) return std::nullopt;
    const size_t length = ciphertext.size() - k_siv_tag_bytes;
    std::vector<uint8_t> out(length);
    int written = 0;
    uint8_t empty = 0;
    if (EVP_DecryptUpdate(ctx.get(), length ? out.data() : &empty, &written,
                          length ? ciphertext.data() + k_siv_tag_bytes : &empty, static_cast<int>(length)) != 1)
        return std::nullopt;
    int final_written = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), length ? out.data() + written : &empty, &final_written) != 1)
        return std::nullopt;
    return out;
}

}  // namespace osescan::engine::nts
