#pragma once
// What a server sends back to one of our ClientHellos, parsed incrementally and within
// fixed bounds: the ServerHello (or HelloRetryRequest, alert, SSLv2 SERVER-HELLO) and,
// for TLS <= 1.2, the Certificate and ServerKeyExchange up to ServerHelloDone.
//
// Additions to the agreed API: ServerReply::complete, certificates_truncated,
// sslv2_error, session_id_length, downgrade_sentinel, ske.point (ECDHE public point) and
// ske.dh_ys; parse_server_reply() for whole buffers. Fields parsed before a problem are
// kept when kind becomes malformed (e.g. a good ServerHello, then a broken Certificate).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osescan::engine::tls::wire {

struct ReplyLimits {
    size_t max_bytes = 64 * 1024;
    size_t max_records = 64;
    size_t max_certificates = 10;
    size_t max_certificate_bytes = 16 * 1024;
    bool stop_after_server_hello = false;
};

// RFC 8446 §5.1: a TLSCiphertext may be 2^14 + 256; RFC 5246 §6.2.3 allows 2^14 + 2048.
inline constexpr size_t k_max_record_length = 16384 + 2048;

struct ServerReply {
    enum class Kind { server_hello, hello_retry_request, alert, sslv2_server_hello, malformed, closed /*EOF before any message*/ };
    Kind kind = Kind::closed;
    uint16_t record_version = 0;
    uint16_t version = 0;  // negotiated: supported_versions if present, else legacy_version
    uint16_t cipher_suite = 0;
    uint8_t compression_method = 0;
    uint8_t session_id_length = 0;
    // RFC 8446 §4.1.3: a TLS 1.3 server that negotiates less marks its random's last 8
    // bytes "DOWNGRD" + 01 (TLS 1.2) or 00 (TLS 1.1 and below).
    enum class Downgrade { none, tls12, tls11_or_below } downgrade_sentinel = Downgrade::none;
    std::vector<uint16_t> extensions;  // types, in order
    bool renegotiation_info = false;
    bool extended_master_secret = false;
    std::optional<uint16_t> selected_group;  // key_share in SH, or HRR's group
    std::string alpn;
    uint8_t alert_level = 0;  // also set when an alert ends a TLS <= 1.2 reply after the ServerHello
    uint8_t alert_description = 0;
    std::vector<std::vector<uint8_t>> certificates;  // DER, TLS <= 1.2 Certificate message
    bool certificates_truncated = false;              // more or larger certificates than the limits
    struct ServerKeyExchange {
        enum Kind { none, ecdhe, dhe } kind = none;
        uint16_t named_curve = 0;  // 0xFF01/0xFF02 for explicit curves (RFC 4492 §5.4)
        std::vector<uint8_t> point;
        std::vector<uint8_t> dh_p;
        std::vector<uint8_t> dh_g;
        std::vector<uint8_t> dh_ys;
        std::optional<uint16_t> signature_scheme;  // TLS 1.2 only
    } ske;
    std::vector<uint32_t> sslv2_ciphers;
    std::vector<uint8_t> sslv2_certificate;
    std::optional<uint16_t> sslv2_error;  // SSLv2 ERROR message (kind alert)
    bool complete = false;  // reached ServerHelloDone / the last message expected
    std::string malformed_reason;
};

class ReplyParser {
public:
    explicit ReplyParser(ReplyLimits limits = {});
    enum class State { need_more, done };
    State feed(const uint8_t* data, size_t len);
    State end_of_stream();
    const ServerReply& reply() const { return m_reply; }
    State state() const { return m_done ? State::done : State::need_more; }
    size_t bytes_seen() const { return m_bytes_seen; }

private:
    void parse_available();
    bool parse_sslv2();
    bool parse_record();
    void parse_handshake_messages();
    void on_handshake_message(uint8_t type, const uint8_t* body, size_t length);
    void on_server_hello(const uint8_t* body, size_t length);
    void on_certificate(const uint8_t* body, size_t length);
    void on_server_key_exchange(const uint8_t* body, size_t length);
    void malformed(std::string reason);
    void finish(bool complete);

    ReplyLimits m_limits;
    ServerReply m_reply;
    std::vector<uint8_t> m_buffer;     // unparsed record bytes
    std::vector<uint8_t> m_handshake;  // handshake bytes not yet forming a whole message
    size_t m_bytes_seen = 0;
    size_t m_records = 0;
    bool m_seen_server_hello = false;
    bool m_done = false;
};

// Convenience: the whole byte string, then end of stream.
ServerReply parse_server_reply(const std::vector<uint8_t>& bytes, ReplyLimits limits = {});

}  // namespace osescan::engine::tls::wire
