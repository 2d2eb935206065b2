#pragma once
// AEAD_AES_SIV_CMAC_256 (RFC 5297 §5.1), the NTS AEAD algorithm 15 (RFC 8915 §5.1): a
// 256-bit key (two AES-128 keys, OpenSSL's "AES-128-SIV"), one associated-data component,
// then the nonce as the last associated-data component (RFC 5297 §3, nonce-based use).
// Output and input of the ciphertext: the 16-byte synthetic IV, then the encrypted bytes.

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

}  // namespace osescan::engine::nts
