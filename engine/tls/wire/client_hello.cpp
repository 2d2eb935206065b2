#include "engine/tls/wire/client_hello.hpp"

#include <algorithm>

#include "engine/tls/wire/bytes.hpp"
#include "engine/tls/wire/registry.hpp"

namespace osescan::engine::tls::wire {
namespace {

// RFC 7685 §1 (the motivating case) and OpenSSL's F5 workaround: some F5 load balancers hang on ClientHello
// handshake messages of 256 to 511 bytes; padding them to 512 avoids it.
constexpr size_t k_pad_from = 256;
constexpr size_t k_pad_to = 512;

void extension(ByteWriter& out, uint16_t type, auto&& write_body) {
    out.u16(type);
    const size_t at = out.open(2);
    write_body();
    out.close(at, 2);
}

std::vector<uint8_t> sslv2_client_hello(const ClientHelloSpec& spec) {
    // draft-hickman-netscape-ssl-00 "CLIENT-HELLO": 2-byte record header with the high bit
    // set, msg type 1, version, three lengths, cipher specs (3 bytes each), no session id,
    // a 16-byte challenge.
    std::vector<uint8_t> body;
    ByteWriter out(body);
    out.u8(1);
    out.u16(k_ssl2);
    out.u16(static_cast<unsigned>(spec.sslv2_ciphers.size() * 3));
    out.u16(0);
    out.u16(16);
    for (uint32_t kind : spec.sslv2_ciphers) out.u24(kind);
    out.bytes(random_bytes(16));
    std::vector<uint8_t> record;
    ByteWriter header(record);
    header.u16(0x8000 | static_cast<unsigned>(body.size()));
    header.bytes(body);
    return record;
}

bool offers_tls13(const ClientHelloSpec& spec) {
    return std::find(spec.supported_versions.begin(), spec.supported_versions.end(), k_tls13) !=
           spec.supported_versions.end();
}

void write_extensions(ByteWriter& out, const ClientHelloSpec& spec) {
    if (!spec.server_name.empty()) {
        extension(out, k_ext_server_name, [&] {  // RFC 6066 §3: one host_name entry
            const size_t list = out.open(2);
            out.u8(0);
            const size_t name = out.open(2);
            out.bytes(spec.server_name);
            out.close(name, 2);
            out.close(list, 2);
        });
    }
    if (spec.ec_point_formats) {
        extension(out, k_ext_ec_point_formats, [&] {
            out.u8(1);
            out.u8(0);  // uncompressed, the only format RFC 8422 §5.1.2 still allows
        });
    }
    if (!spec.supported_groups.empty()) {
        extension(out, k_ext_supported_groups, [&] {
            const size_t list = out.open(2);
            for (uint16_t group : spec.supported_groups) out.u16(group);
            out.close(list, 2);
        });
    }
    if (!spec.signature_algorithms.empty()) {
        extension(out, k_ext_signature_algorithms, [&] {
            const size_t list = out.open(2);
            for (uint16_t scheme : spec.signature_algorithms) out.u16(scheme);
            out.close(list, 2);
        });
    }
    if (spec.status_request) {
        extension(out, k_ext_status_request, [&] {  // RFC 6066 §8: ocsp, no responder ids, no extensions
            out.u8(1);
            out.u16(0);
            out.u16(0);
        });
    }
    if (spec.session_ticket) extension(out, k_ext_session_ticket, [] {});
    if (!spec.alpn.empty()) {
        extension(out, k_ext_alpn, [&] {
            const size_t list = out.open(2);
            for (const std::string& protocol : spec.alpn) {
                out.u8(static_cast<unsigned>(protocol.size()));
                out.bytes(protocol);
            }
            out.close(list, 2);
        });
    }
    if (spec.extended_master_secret) extension(out, k_ext_extended_master_secret, [] {});
    if (spec.renegotiation_info) {
        extension(out, k_ext_renegotiation_info, [&] { out.u8(0); });  // RFC 5746 §3.4: empty on a first handshake
    }
    if (!spec.supported_versions.empty()) {
        extension(out, k_ext_supported_versions, [&] {
            out.u8(static_cast<unsigned>(spec.supported_versions.size() * 2));
            for (uint16_t version : spec.supported_versions) out.u16(version);
        });
    }
    if (offers_tls13(spec)) {
        // RFC 8446 §4.2.9: only needed with a PSK, but OpenSSL and every browser send it and
        // some servers decide whether to issue tickets on it; psk_dhe_ke.
        extension(out, k_ext_psk_key_exchange_modes, [&] {
            out.u8(1);
            out.u8(1);
        });
    }
    // RFC 8446 §4.2.8: a TLS 1.3 hello without shares still sends the (empty) extension,
    // asking the server to pick a group by HelloRetryRequest; OpenSSL refuses a TLS 1.3
    // hello without it (missing_extension).
    if (!spec.key_share_groups.empty() || offers_tls13(spec)) {
        extension(out, k_ext_key_share, [&] {
            const size_t list = out.open(2);
            for (uint16_t group : spec.key_share_groups) {
                const std::vector<uint8_t> share = make_key_share(group);
                if (share.empty()) continue;
                out.u16(group);
                out.u16(static_cast<unsigned>(share.size()));
                out.bytes(share);
            }
            out.close(list, 2);
        });
    }
}

}  // namespace

std::vector<uint8_t> build_client_hello(const ClientHelloSpec& spec) {
    if (spec.sslv2) return sslv2_client_hello(spec);

    // RFC 5246 §7.4.1.2 / RFC 8446 §4.1.2.
    std::vector<uint8_t> hello;
    ByteWriter out(hello);
    out.u8(k_handshake_client_hello);
    const size_t body = out.open(3);
    out.u16(spec.legacy_version);
    out.bytes(random_bytes(32));
    // RFC 8446 appendix D.4: a non-empty session id makes middleboxes treat a TLS 1.3
    // handshake like a TLS 1.2 resumption.
    out.u8(offers_tls13(spec) ? 32 : 0);
    if (offers_tls13(spec)) out.bytes(random_bytes(32));
    const size_t suites = out.open(2);
    for (uint16_t suite : spec.cipher_suites) out.u16(suite);
    out.close(suites, 2);
    out.u8(static_cast<unsigned>(spec.compression_methods.size()));
    for (uint8_t method : spec.compression_methods) out.u8(method);

    std::vector<uint8_t> extensions;
    ByteWriter ext(extensions);
    write_extensions(ext, spec);
    // Padding counts the whole handshake message, as OpenSSL does; not for SSLv3 hellos,
    // whose servers may not know extensions at all.
    const size_t without_padding = hello.size() + (extensions.empty() ? 0 : 2 + extensions.size());
    if (spec.legacy_version >= k_tls10 && without_padding >= k_pad_from && without_padding < k_pad_to) {
        const size_t overhead = 4 + (extensions.empty() ? 2 : 0);
        const size_t fill = k_pad_to - std::min(k_pad_to, without_padding + overhead);
        extension(ext, k_ext_padding, [&] { ext.bytes(std::vector<uint8_t>(fill, 0)); });
    }
    if (!extensions.empty()) {
        out.u16(static_cast<unsigned>(extensions.size()));
        out.bytes(extensions);
    }
    out.close(body, 3);

    // RFC 8446 §5.1: handshake messages may be fragmented over several records.
    std::vector<uint8_t> records;
    ByteWriter record(records);
    for (size_t at = 0; at < hello.size(); at += k_max_plaintext) {
        const size_t length = std::min(k_max_plaintext, hello.size() - at);
        record.u8(k_content_handshake);
        record.u16(spec.record_version);
        record.u16(static_cast<unsigned>(length));
        records.insert(records.end(), hello.begin() + static_cast<std::ptrdiff_t>(at),
                       hello.begin() + static_cast<std::ptrdiff_t>(at + length));
    }
    return records;
}

}  // namespace osescan::engine::tls::wire
