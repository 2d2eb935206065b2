#pragma once
// AEAD_AES_SIV_CMAC_256 (RFC 5297), the NTS AEAD algorithm 15 (RFC 8915 §5.1): a 256-bit
// key, K1 (the left half) for S2V over AES-CMAC and K2 (the right half) for AES-CTR (RFC 5297
// §2.6). Nonce-based use (§3): the S2V vector is the associated data, then the nonce, then
// the plaintext. The ciphertext is the 16-byte synthetic IV, then the encrypted bytes.
//
// Why not OpenSSL's "AES-128-SIV" EVP cipher: OpenSSL 3.0 never runs its SIV computation for
// an empty plaintext (EVP_EncryptUpdate returns early on zero length; EVP_EncryptFinal then
// fails), and an NTS client request has exactly that: an authenticator over the packet and
// nothing to encrypt (§5.7). So S2V and CTR are built here on OpenSSL's CMAC and AES-CTR;
// the unit tests hold this to RFC 5297's test vector and to OpenSSL's SIV where it works.

#include <cstdint>
#include <optional>
#include <vector>

namespace osescan::engine::nts {

inline constexpr size_t k_siv_key_bytes = 32;
inline constexpr size_t k_siv_tag_bytes = 16;

// nullopt when the key has the wrong size or OpenSSL fails.
std::optional<std::vector<uint8_t>> siv_seal(const std::vector<uint8_t>& key, const std::vector<uint8_t>& associated,
                                             const std::vector<uint8_t>& nonce, const std::vector<uint8_t>& plaintext);
// nullopt when authentication fails (or the input is too short to hold a tag).
std::optional<std::vector<uint8_t>> siv_open(const std::vector<uint8_t>& key, const std::vector<uint8_t>& associated,
                                             const std::vector<uint8_t>& nonce, const std::vector<uint8_t>& ciphertext);

// RFC 5297 §2.4 S2V with the 128-bit MAC key over any vector of strings (the last is the
// plaintext); exposed for the test vectors of RFC 5297 appendix A.
std::optional<std::vector<uint8_t>> siv_s2v(const std::vector<uint8_t>& mac_key,
                                            const std::vector<std::vector<uint8_t>>& strings);
// AES-128-CTR with the synthetic IV as counter block, bits 31 and 63 cleared (§2.6).
std::optional<std::vector<uint8_t>> siv_ctr(const std::vector<uint8_t>& ctr_key, const std::vector<uint8_t>& iv,
                                            const std::vector<uint8_t>& data);

}  // namespace osescan::engine::nts
