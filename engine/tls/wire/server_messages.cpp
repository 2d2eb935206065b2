// The handshake messages of a reply: ServerHello / HelloRetryRequest (RFC 8446 §4.1.3,
// RFC 5246 §7.4.1.3), Certificate (RFC 5246 §7.4.2) and ServerKeyExchange (RFC 8422 §5.4,
// RFC 5246 §7.4.3, RFC 4279 §2 for the PSK identity hint).
#include <algorithm>
#include <array>
#include <string_view>

#include "engine/tls/wire/bytes.hpp"
#include "engine/tls/wire/client_hello.hpp"
#include "engine/tls/wire/registry.hpp"
#include "engine/tls/wire/server_reply.hpp"

namespace osescan::engine::tls::wire {
namespace {

// SHA-256("HelloRetryRequest"): the ServerHello.random of an HRR (RFC 8446 §4.1.3).
constexpr std::array<uint8_t, 32> k_hello_retry_random = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

constexpr std::array<uint8_t, 7> k_downgrade_prefix = {'D', 'O', 'W', 'N', 'G', 'R', 'D'};

ServerReply::Downgrade downgrade_sentinel(const std::vector<uint8_t>& random) {
    if (random.size() != 32 || !std::equal(k_downgrade_prefix.begin(), k_downgrade_prefix.end(), random.begin() + 24))
        return ServerReply::Downgrade::none;
    if (random[31] == 1) return ServerReply::Downgrade::tls12;
    if (random[31] == 0) return ServerReply::Downgrade::tls11_or_below;
    return ServerReply::Downgrade::none;
}

std::string bytes_short(const ByteReader& in) { return std::to_string(in.shortfall()) + " bytes"; }

}  // namespace

void ReplyParser::on_server_hello(const uint8_t* body, size_t length) {
    ByteReader in(body, length);
    const uint16_t legacy_version = in.u16();
    const std::vector<uint8_t> random = in.bytes(32);
    const uint8_t session_id_length = in.u8();
    if (in.ok() && session_id_length > 32)
        return malformed("ServerHello session id length " + std::to_string(session_id_length) + " exceeds 32");
    in.bytes(session_id_length);
    const uint16_t suite = in.u16();
    const uint8_t compression = in.u8();
    if (!in.ok()) return malformed("ServerHello truncated by " + bytes_short(in));

    const bool retry = std::equal(random.begin(), random.end(), k_hello_retry_random.begin());
    m_seen_server_hello = true;
    m_reply.kind = retry ? ServerReply::Kind::hello_retry_request : ServerReply::Kind::server_hello;
    m_reply.version = legacy_version;
    m_reply.cipher_suite = suite;
    m_reply.compression_method = compression;
    m_reply.session_id_length = session_id_length;
    m_reply.downgrade_sentinel = downgrade_sentinel(random);

    if (in.remaining() > 0) {  // RFC 5246 §7.4.1.4: extensions are optional before TLS 1.3
        const uint16_t extensions_length = in.u16();
        if (!in.ok()) return malformed("ServerHello extensions length truncated by " + bytes_short(in));
        if (extensions_length > in.remaining())
            return malformed("ServerHello extensions overrun by " + std::to_string(extensions_length - in.remaining()) + " bytes");
        if (extensions_length < in.remaining())
            return malformed(std::to_string(in.remaining() - extensions_length) + " bytes after the ServerHello extensions");
        while (in.remaining() > 0) {
            const uint16_t type = in.u16();
            const uint16_t data_length = in.u16();
            ByteReader data = in.sub(data_length);
            if (!in.ok())
                return malformed("ServerHello extension " + std::to_string(type) + " overruns by " + bytes_short(in));
            m_reply.extensions.push_back(type);
            switch (type) {
            case k_ext_supported_versions: m_reply.version = data.u16(); break;
            case k_ext_key_share:
                // RFC 8446 §4.2.8: HRR names a group; a ServerHello carries group + share.
                m_reply.selected_group = data.u16();
                if (!retry) data.bytes(data.u16());
                break;
            case k_ext_renegotiation_info: m_reply.renegotiation_info = true; data.bytes(data.u8()); break;
            case k_ext_extended_master_secret: m_reply.extended_master_secret = true; break;
            case k_ext_alpn: {  // RFC 7301 §3.1: exactly one protocol name
                data.u16();
                const std::vector<uint8_t> name = data.bytes(data.u8());
                m_reply.alpn.assign(name.begin(), name.end());
                break;
            }
            default: break;
            }
            if (!data.ok())
                return malformed("ServerHello extension " + std::to_string(type) + " of " +
                                 std::to_string(data_length) + " bytes is truncated by " + bytes_short(data));
        }
    }
    // TLS 1.3 encrypts everything after the ServerHello; an HRR waits for a new hello.
    if (retry || m_reply.version > k_tls12 || m_limits.stop_after_server_hello) finish(true);
}

void ReplyParser::on_certificate(const uint8_t* body, size_t length) {
    ByteReader in(body, length);
    ByteReader list = in.sub(in.u24());
    if (!in.ok()) return malformed("Certificate list overruns its message by " + bytes_short(in));
    while (list.remaining() > 0) {
        const uint32_t certificate_length = list.u24();
        ByteReader certificate = list.sub(certificate_length);
        if (!list.ok()) return malformed("certificate overruns the Certificate list by " + bytes_short(list));
        if (m_reply.certificates.size() >= m_limits.max_certificates || certificate_length > m_limits.max_certificate_bytes) {
            m_reply.certificates_truncated = true;
            continue;
        }
        m_reply.certificates.push_back(certificate.bytes(certificate_length));
    }
}

void ReplyParser::on_server_key_exchange(const uint8_t* body, size_t length) {
    // The message's layout depends on the suite's key exchange, which only its name says.
    const std::string name = cipher_suite_name(m_reply.cipher_suite);
    auto has = [&](std::string_view part) { return name.find(part) != std::string::npos; };
    const bool psk = has("PSK");
    const bool ecdhe = has("ECDHE") || has("ECDH_anon");
    const bool dhe = !ecdhe && (has("DHE") || has("DH_anon"));
    if (!ecdhe && !dhe) return;  // RSA_EXPORT, RSA_PSK, SRP: nothing the checks need
    ByteReader in(body, length);
    if (psk) in.bytes(in.u16());  // psk_identity_hint

    auto& ske = m_reply.ske;
    if (ecdhe) {
        ske.kind = ServerReply::ServerKeyExchange::ecdhe;
        const uint8_t curve_type = in.u8();
        if (curve_type != 3) {  // explicit_prime (1) / explicit_char2 (2), RFC 4492 §5.4
            ske.named_curve = curve_type == 1 ? 0xFF01 : 0xFF02;
            return;
        }
        ske.named_curve = in.u16();
        ske.point = in.bytes(in.u8());
    } else {
        ske.kind = ServerReply::ServerKeyExchange::dhe;
        ske.dh_p = in.bytes(in.u16());
        ske.dh_g = in.bytes(in.u16());
        ske.dh_ys = in.bytes(in.u16());
    }
    if (!psk && !has("anon")) {
        if (m_reply.version >= k_tls12) ske.signature_scheme = in.u16();  // RFC 5246 §7.4.1.4.1
        in.bytes(in.u16());
    }
    if (!in.ok()) return malformed("ServerKeyExchange truncated by " + bytes_short(in));
}

}  // namespace osescan::engine::tls::wire
