// Client key shares that pass real servers' validation without us doing any key
// agreement: the probe never completes a handshake, it only needs the server to accept the
// ClientHello and answer with its ServerHello.
#include <algorithm>
#include <array>
#include <random>

#include "engine/tls/wire/client_hello.hpp"
#include "engine/tls/wire/registry.hpp"

namespace osescan::engine::tls::wire {
namespace {

// Generators of the NIST curves in uncompressed form (SEC 1 §2.3.3, 0x04 || x || y), as
// printed by `openssl ecparam -param_enc explicit -text`. A server checks that a share is
// on the curve (RFC 8446 §4.2.8.2); the generator always is.
constexpr std::string_view k_p256_generator =
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
constexpr std::string_view k_p384_generator =
    "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f";
constexpr std::string_view k_p521_generator =
    "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127"
    "a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817"
    "afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650";

std::vector<uint8_t> from_hex(std::string_view hex) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    return out;
}

// An ML-KEM (FIPS 203) encapsulation key for k = 2, 3 or 4: k*256 coefficients below
// q = 3329 packed 12 bits each, then a 32-byte seed rho. Random bytes would fail the
// modulus check of FIPS 203 §7.2 that OpenSSL 3.5 and BoringSSL perform; Kyber round 3
// (X25519Kyber768Draft00) uses the same encoding.
std::vector<uint8_t> mlkem_encapsulation_key(size_t k) {
    constexpr unsigned q = 3329;
    // 256k coefficients: a generator seeded once per key instead of 1.5k reads of the OS
    // generator (the key's secret half does not exist, so nothing depends on their quality).
    std::random_device device;
    std::mt19937 engine(device());
    std::uniform_int_distribution<unsigned> coefficient(0, q - 1);
    std::vector<uint8_t> key;
    key.reserve(384 * k + 32);
    for (size_t i = 0; i < 128 * k; ++i) {
        const unsigned a = coefficient(engine);
        const unsigned b = coefficient(engine);
        key.push_back(static_cast<uint8_t>(a & 0xFF));
        key.push_back(static_cast<uint8_t>((a >> 8) | ((b & 0x0F) << 4)));
        key.push_back(static_cast<uint8_t>(b >> 4));
    }
    const std::vector<uint8_t> rho = random_bytes(32);
    key.insert(key.end(), rho.begin(), rho.end());
    return key;
}

std::vector<uint8_t> concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace

std::vector<uint8_t> random_bytes(size_t count) {
    std::random_device device;
    std::vector<uint8_t> out(count);
    for (size_t i = 0; i < count; i += 4) {
        const unsigned value = device();
        for (size_t j = 0; j < 4 && i + j < count; ++j) out[i + j] = static_cast<uint8_t>(value >> (8 * j));
    }
    return out;
}

std::vector<uint8_t> make_key_share(uint16_t group) {
    switch (group) {
    case 0x0017: return from_hex(k_p256_generator);
    case 0x0018: return from_hex(k_p384_generator);
    case 0x0019: return from_hex(k_p521_generator);
    case 0x001D: return random_bytes(32);  // any 32 bytes are an X25519 public key (RFC 7748 §5)
    case 0x001E: return random_bytes(56);
    case 0x0200: return mlkem_encapsulation_key(2);
    case 0x0201: return mlkem_encapsulation_key(3);
    case 0x0202: return mlkem_encapsulation_key(4);
    // draft-ietf-tls-ecdhe-mlkem §4.1: X25519MLKEM768 puts the ML-KEM key first.
    case 0x11EB: return concat(from_hex(k_p256_generator), mlkem_encapsulation_key(3));
    case 0x11EC: return concat(mlkem_encapsulation_key(3), random_bytes(32));
    case 0x11ED: return concat(from_hex(k_p384_generator), mlkem_encapsulation_key(4));
    case 0x6399: return concat(random_bytes(32), mlkem_encapsulation_key(3));
    default: break;
    }
    if (group >= 0x0100 && group <= 0x0104) {
        // RFC 7919 §5.1 / RFC 8446 §4.2.8.1: Y left-padded to the size of p. Y = g = 2
        // passes 1 < Y < p-1, and as every ffdhe p is 7 mod 8, 2 is a quadratic residue,
        // so OpenSSL's subgroup check (Y^q = 1) passes too.
        std::vector<uint8_t> share(*key_share_length(group), 0);
        share.back() = 2;
        return share;
    }
    return {};
}

}  // namespace osescan::engine::tls::wire
