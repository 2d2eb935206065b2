// Record framing of a server's reply: TLS records (RFC 5246 §6.2, RFC 8446 §5.1) or one
// SSLv2 record (draft-hickman-netscape-ssl-00 §"Record Protocol Specification"), and the
// reassembly of handshake messages that span records or share one (RFC 8446 §5.1).
#include "engine/tls/wire/server_reply.hpp"

#include <algorithm>

#include "engine/tls/wire/bytes.hpp"
#include "engine/tls/wire/client_hello.hpp"
#include "engine/tls/wire/registry.hpp"

namespace osescan::engine::tls::wire {
namespace {

constexpr uint8_t k_sslv2_error = 0;
constexpr uint8_t k_sslv2_server_hello = 4;
constexpr uint8_t k_alert_fatal = 2;
constexpr uint8_t k_alert_handshake_failure = 40;

std::string hex_byte(uint8_t value) {
    constexpr char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[value >> 4] + digits[value & 0x0F];
}

}  // namespace

ReplyParser::ReplyParser(ReplyLimits limits) : m_limits(limits) {}

ReplyParser::State ReplyParser::feed(const uint8_t* data, size_t len) {
    if (m_done) return State::done;
    const size_t room = m_limits.max_bytes - std::min(m_limits.max_bytes, m_bytes_seen);
    const size_t taken = std::min(room, len);
    m_bytes_seen += len;
    if (taken > 0) m_buffer.insert(m_buffer.end(), data, data + taken);
    parse_available();
    if (!m_done && m_bytes_seen > m_limits.max_bytes)
        malformed("more than " + std::to_string(m_limits.max_bytes) + " bytes without a complete reply");
    return state();
}

ReplyParser::State ReplyParser::end_of_stream() {
    if (m_done) return State::done;
    if (m_bytes_seen == 0) {
        m_reply.kind = ServerReply::Kind::closed;
        m_done = true;
    } else if (m_seen_server_hello) {
        finish(false);  // what arrived is kept; complete stays false
    } else if (!m_buffer.empty()) {
        malformed("stream ended inside a record (" + std::to_string(m_buffer.size()) + " bytes of it received)");
    } else if (!m_handshake.empty()) {
        malformed("stream ended inside a handshake message (" + std::to_string(m_handshake.size()) +
                  " bytes of it received)");
    } else {
        malformed("stream ended without a ServerHello");
    }
    return State::done;
}

void ReplyParser::malformed(std::string reason) {
    m_reply.kind = ServerReply::Kind::malformed;
    m_reply.malformed_reason = std::move(reason);
    m_done = true;
}

void ReplyParser::finish(bool complete) {
    m_reply.complete = complete;
    m_done = true;
}

void ReplyParser::parse_available() {
    while (!m_done && !m_buffer.empty()) {
        // An SSLv2 record header has the high bit set; a TLS record starts with a content
        // type (20..24). Only the first record of a reply can be SSLv2.
        const bool sslv2 = m_records == 0 && (m_buffer[0] & 0x80) != 0;
        if (!(sslv2 ? parse_sslv2() : parse_record())) return;
    }
}

bool ReplyParser::parse_sslv2() {
    if (m_buffer.size() < 2) return false;
    const size_t length = (static_cast<size_t>(m_buffer[0] & 0x7F) << 8) | m_buffer[1];
    if (length == 0) {
        malformed("SSLv2 record of 0 bytes");
        return false;
    }
    if (m_buffer.size() < 2 + length) return false;
    ++m_records;
    m_reply.record_version = k_ssl2;
    ByteReader in(m_buffer.data() + 2, length);
    const uint8_t type = in.u8();
    if (type == k_sslv2_error) {
        const uint16_t code = in.u16();
        if (!in.ok()) {
            malformed("SSLv2 ERROR message of " + std::to_string(length) + " bytes");
            return false;
        }
        m_reply.kind = ServerReply::Kind::alert;
        m_reply.sslv2_error = code;
        m_reply.alert_level = k_alert_fatal;
        m_reply.alert_description = k_alert_handshake_failure;
        finish(true);
        return false;
    }
    if (type != k_sslv2_server_hello) {
        malformed("SSLv2 message type " + std::to_string(type) + " where SERVER-HELLO was expected");
        return false;
    }
    in.u8();  // session-id-hit
    in.u8();  // certificate type
    const uint16_t version = in.u16();
    const uint16_t certificate_length = in.u16();
    const uint16_t specs_length = in.u16();
    in.u16();  // connection-id length: the rest of the record
    std::vector<uint8_t> certificate = in.bytes(certificate_length);
    ByteReader specs = in.sub(specs_length);
    if (!in.ok()) {
        malformed("SSLv2 SERVER-HELLO overruns its record by " + std::to_string(in.shortfall()) + " bytes");
        return false;
    }
    if (specs_length % 3 != 0) {
        malformed("SSLv2 cipher specs length " + std::to_string(specs_length) + " is not a multiple of 3");
        return false;
    }
    m_reply.kind = ServerReply::Kind::sslv2_server_hello;
    m_reply.version = version;
    while (specs.remaining() > 0) m_reply.sslv2_ciphers.push_back(specs.u24());
    if (certificate.size() <= m_limits.max_certificate_bytes)
        m_reply.sslv2_certificate = std::move(certificate);
    else
        m_reply.certificates_truncated = true;
    finish(true);
    return false;
}

bool ReplyParser::parse_record() {
    if (m_buffer.size() < 5) return false;
    const uint8_t type = m_buffer[0];
    const uint16_t version = static_cast<uint16_t>((m_buffer[1] << 8) | m_buffer[2]);
    const size_t length = (static_cast<size_t>(m_buffer[3]) << 8) | m_buffer[4];
    if (type < k_content_change_cipher_spec || type > 24) {
        malformed("not a TLS record: content type " + hex_byte(type));
        return false;
    }
    if (length > k_max_record_length) {
        malformed("record length " + std::to_string(length) + " exceeds " + std::to_string(k_max_record_length));
        return false;
    }
    if (m_records >= m_limits.max_records) {
        malformed("more than " + std::to_string(m_limits.max_records) + " records");
        return false;
    }
    if (m_buffer.size() < 5 + length) return false;
    ++m_records;
    if (m_reply.record_version == 0) m_reply.record_version = version;
    const std::vector<uint8_t> payload(m_buffer.begin() + 5, m_buffer.begin() + 5 + static_cast<std::ptrdiff_t>(length));
    m_buffer.erase(m_buffer.begin(), m_buffer.begin() + 5 + static_cast<std::ptrdiff_t>(length));

    switch (type) {
    case k_content_alert:
        // RFC 8446 §6: level and description; an alert ends the reply.
        if (length < 2) {
            malformed("alert record of " + std::to_string(length) + " bytes");
            return false;
        }
        m_reply.alert_level = payload[0];
        m_reply.alert_description = payload[1];
        if (!m_seen_server_hello) m_reply.kind = ServerReply::Kind::alert;
        finish(!m_seen_server_hello);
        return false;
    case k_content_handshake:
        if (length == 0) {  // RFC 8446 §5.1: zero-length handshake fragments are forbidden
            malformed("empty handshake record");
            return false;
        }
        m_handshake.insert(m_handshake.end(), payload.begin(), payload.end());
        parse_handshake_messages();
        return !m_done;
    case k_content_change_cipher_spec:
        return true;  // RFC 8446 appendix D.4 compatibility CCS: carries nothing we need
    default:
        malformed("unexpected record of content type " + std::to_string(type) + " before the handshake ended");
        return false;
    }
}

void ReplyParser::parse_handshake_messages() {
    while (!m_done && m_handshake.size() >= 4) {
        const uint8_t type = m_handshake[0];
        const size_t length = (static_cast<size_t>(m_handshake[1]) << 16) | (static_cast<size_t>(m_handshake[2]) << 8) |
                              m_handshake[3];
        if (length > m_limits.max_bytes) {
            malformed("handshake message length " + std::to_string(length) + " exceeds " +
                      std::to_string(m_limits.max_bytes));
            return;
        }
        if (m_handshake.size() < 4 + length) return;
        const std::vector<uint8_t> body(m_handshake.begin() + 4, m_handshake.begin() + 4 + static_cast<std::ptrdiff_t>(length));
        m_handshake.erase(m_handshake.begin(), m_handshake.begin() + 4 + static_cast<std::ptrdiff_t>(length));
        on_handshake_message(type, body.data(), body.size());
    }
}

void ReplyParser::on_handshake_message(uint8_t type, const uint8_t* body, size_t length) {
    if (!m_seen_server_hello) {
        if (type == 0 && length == 0) return;  // HelloRequest (RFC 5246 §7.4.1.1): ignorable
        if (type != k_handshake_server_hello) {
            malformed("expected ServerHello, got handshake message type " + std::to_string(type));
            return;
        }
        on_server_hello(body, length);
        return;
    }
    switch (type) {
    case k_handshake_server_hello: malformed("a second ServerHello"); return;
    case k_handshake_certificate: on_certificate(body, length); return;
    case k_handshake_server_key_exchange: on_server_key_exchange(body, length); return;
    case k_handshake_server_hello_done:
        if (length != 0) return malformed("ServerHelloDone of " + std::to_string(length) + " bytes");
        finish(true);
        return;
    default: return;  // CertificateStatus, CertificateRequest: not needed
    }
}

ServerReply parse_server_reply(const std::vector<uint8_t>& bytes, ReplyLimits limits) {
    ReplyParser parser(limits);
    if (parser.feed(bytes.data(), bytes.size()) == ReplyParser::State::need_more) parser.end_of_stream();
    return parser.reply();
}

}  // namespace osescan::engine::tls::wire
