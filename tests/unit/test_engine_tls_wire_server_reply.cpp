// ReplyParser on recorded and hand-built server replies: a real TLS 1.2 flight from
// openssl s_server, TLS 1.3 ServerHello, HelloRetryRequest, SSLv2, alerts, and every
// malformed case with its reason; whole, byte by byte, and split across records.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/tls/wire/server_reply.hpp"

using namespace osescan::engine::tls::wire;
using Kind = ServerReply::Kind;

namespace {

std::vector<uint8_t> from_hex(std::string_view hex) {
    std::vector<uint8_t> out;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    return out;
}

// `openssl s_server -tls1_2` (OpenSSL 3.0, P-256 self-signed certificate, CN=t) answering
// TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 with x25519: ServerHello (renegotiation_info,
// ec_point_formats, extended_master_secret), Certificate, ServerKeyExchange,
// ServerHelloDone, one record each.
const std::vector<uint8_t> k_openssl_tls12_flight = from_hex(
    "160303005d020000590303fcd0b83a5a9eaddf730940439728616c49747d0aafe6d3727a361ea510e4f12b2069c36a93"
    "ef296b3ed098886e51a0f3ad5487449b7d26cbecb98f00276627bc6fc02b000011ff01000100000b0004030001020017"
    "0000160303017c0b0001780001750001723082016e30820113a00302010202141b25bc8d72b9109af4ff9780419e629b"
    "df160e70300a06082a8648ce3d040302300c310a300806035504030c0174301e170d3236313230363035323731365a17"
    "0d3336313230333035323731365a300c310a300806035504030c01743059301306072a8648ce3d020106082a8648ce3d"
    "03010703420004de4696513ee3f983cd0e2d9df90e08bbc65cf2c0d78af591e6daec9ec8dcded7a03f261b36ea77bfee"
    "78dff15ed5b1a453072ed3bd1916916b0f6e4623331024a3533051301d0603551d0e04160414ed90747ae2cb71c98e92"
    "16b30f06823c5594fac4301f0603551d23041830168014ed90747ae2cb71c98e9216b30f06823c5594fac4300f060355"
    "1d130101ff040530030101ff300a06082a8648ce3d0403020349003046022100db70c1aa950acd24a54ff2975b7f8228"
    "110debf1a65dd1cba1d447fad7f4d490022100a2557e6719137e3923bd8f7530e91e071438c4b4d3d035637db8db46dc"
    "fd18a116030300730c00006f03001d209efe37e63905f0ba51c129e3890090abe25b4a147e5ce101940a65e8dfd24920"
    "040300473045022052390ed736f617eb2a111fa6b0a0bdecb24cda72882e9077d42fcf8305ed1c2a022100f14a739817"
    "5f16eb82abfb853443d3b3a699305d99c695c3a397b80362aa04b916030300040e000000");

const std::string_view k_hrr_random = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c";

struct Wire {
    std::vector<uint8_t> bytes;
    Wire& u8(unsigned v) {
        bytes.push_back(static_cast<uint8_t>(v));
        return *this;
    }
    Wire& u16(unsigned v) { return u8(v >> 8).u8(v & 0xFF); }
    Wire& u24(unsigned v) { return u8(v >> 16).u16(v & 0xFFFF); }
    Wire& raw(const std::vector<uint8_t>& v) {
        bytes.insert(bytes.end(), v.begin(), v.end());
        return *this;
    }
    Wire& zeros(size_t n) { return raw(std::vector<uint8_t>(n, 0)); }
};

std::vector<uint8_t> record(uint8_t type, const std::vector<uint8_t>& payload, uint16_t version = 0x0303) {
    return Wire().u8(type).u16(version).u16(static_cast<unsigned>(payload.size())).raw(payload).bytes;
}

std::vector<uint8_t> handshake(uint8_t type, const std::vector<uint8_t>& body) {
    return Wire().u8(type).u24(static_cast<unsigned>(body.size())).raw(body).bytes;
}

// ServerHello body with the given random and extensions block (already encoded).
std::vector<uint8_t> server_hello_body(const std::vector<uint8_t>& random, uint16_t suite, const std::vector<uint8_t>& extensions) {
    Wire w;
    w.u16(0x0303).raw(random).u8(32).zeros(32).u16(suite).u8(0);
    w.u16(static_cast<unsigned>(extensions.size())).raw(extensions);
    return w.bytes;
}

std::vector<uint8_t> tls13_extensions(uint16_t group, size_t share_length) {
    return Wire().u16(43).u16(2).u16(0x0304).u16(51).u16(static_cast<unsigned>(4 + share_length)).u16(group)
        .u16(static_cast<unsigned>(share_length)).zeros(share_length).bytes;
}

std::vector<uint8_t> concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

ServerReply feed_in_pieces(const std::vector<uint8_t>& bytes, size_t piece, ReplyLimits limits = {}) {
    ReplyParser parser(limits);
    for (size_t at = 0; at < bytes.size(); at += piece)
        if (parser.feed(bytes.data() + at, std::min(piece, bytes.size() - at)) == ReplyParser::State::done) return parser.reply();
    parser.end_of_stream();
    return parser.reply();
}

void check_openssl_flight(const ServerReply& reply) {
    CHECK(reply.kind == Kind::server_hello);
    CHECK(reply.complete);
    CHECK(reply.record_version == 0x0303);
    CHECK(reply.version == 0x0303);
    CHECK(reply.cipher_suite == 0xC02B);
    CHECK(reply.compression_method == 0);
    CHECK(reply.session_id_length == 32);
    CHECK(reply.extensions == std::vector<uint16_t>{0xFF01, 11, 23});
    CHECK(reply.renegotiation_info);
    CHECK(reply.extended_master_secret);
    CHECK_FALSE(reply.selected_group.has_value());
    REQUIRE(reply.certificates.size() == 1);
    CHECK(reply.certificates[0].size() == 370);
    CHECK(reply.certificates[0][0] == 0x30);
    CHECK(reply.ske.kind == ServerReply::ServerKeyExchange::ecdhe);
    CHECK(reply.ske.named_curve == 0x001D);
    CHECK(reply.ske.point.size() == 32);
    CHECK(reply.ske.signature_scheme == std::optional<uint16_t>(0x0403));
    CHECK(reply.malformed_reason.empty());
}

}  // namespace

TEST_CASE("tls wire reply: openssl s_server TLS 1.2 flight, whole and in every piece size") {
    check_openssl_flight(parse_server_reply(k_openssl_tls12_flight));
    for (size_t piece : {1, 2, 3, 5, 7, 64, 100, 1000}) {
        CAPTURE(piece);
        check_openssl_flight(feed_in_pieces(k_openssl_tls12_flight, piece));
    }
}

TEST_CASE("tls wire reply: stop_after_server_hello and EOF before ServerHelloDone") {
    ReplyLimits limits;
    limits.stop_after_server_hello = true;
    ReplyParser parser(limits);
    CHECK(parser.feed(k_openssl_tls12_flight.data(), 0x5d + 5) == ReplyParser::State::done);
    CHECK(parser.reply().kind == Kind::server_hello);
    CHECK(parser.reply().certificates.empty());

    const std::vector<uint8_t> cut(k_openssl_tls12_flight.begin(), k_openssl_tls12_flight.begin() + 0x5d + 5);
    const ServerReply partial = parse_server_reply(cut);
    CHECK(partial.kind == Kind::server_hello);
    CHECK_FALSE(partial.complete);
}

TEST_CASE("tls wire reply: TLS 1.3 ServerHello with an ML-KEM hybrid share") {
    const auto body = server_hello_body(std::vector<uint8_t>(32, 7), 0x1301, tls13_extensions(0x11EC, 1120));
    const auto bytes = concat(record(22, handshake(2, body)), record(20, {1}));
    const ServerReply reply = parse_server_reply(bytes);
    CHECK(reply.kind == Kind::server_hello);
    CHECK(reply.complete);
    CHECK(reply.version == 0x0304);
    CHECK(reply.cipher_suite == 0x1301);
    CHECK(reply.selected_group == std::optional<uint16_t>(0x11EC));
    CHECK(reply.extensions == std::vector<uint16_t>{43, 51});
}

TEST_CASE("tls wire reply: HelloRetryRequest names the group") {
    const auto extensions = Wire().u16(43).u16(2).u16(0x0304).u16(51).u16(2).u16(0x11EC).bytes;
    const auto body = server_hello_body(from_hex(k_hrr_random), 0x1302, extensions);
    const ServerReply reply = parse_server_reply(record(22, handshake(2, body)));
    CHECK(reply.kind == Kind::hello_retry_request);
    CHECK(reply.version == 0x0304);
    CHECK(reply.selected_group == std::optional<uint16_t>(0x11EC));
}

TEST_CASE("tls wire reply: alerts") {
    const ServerReply fatal = parse_server_reply(record(21, {2, 40}));
    CHECK(fatal.kind == Kind::alert);
    CHECK(fatal.alert_level == 2);
    CHECK(fatal.alert_description == 40);
    const ServerReply warning = parse_server_reply(record(21, {1, 112}, 0x0301));
    CHECK(warning.kind == Kind::alert);
    CHECK(warning.alert_level == 1);
    CHECK(warning.alert_description == 112);
    CHECK(warning.record_version == 0x0301);
    const ServerReply short_alert = parse_server_reply(record(21, {2}));
    CHECK(short_alert.kind == Kind::malformed);
    CHECK(short_alert.malformed_reason == "alert record of 1 bytes");
}

TEST_CASE("tls wire reply: SSLv2 SERVER-HELLO to a TLS hello") {
    Wire message;
    message.u8(4).u8(0).u8(1).u16(0x0002).u16(3).u16(6).u16(16).raw({0x30, 0x01, 0x00}).u24(0x010080).u24(0x0700C0).zeros(16);
    const auto bytes = Wire().u16(0x8000 | static_cast<unsigned>(message.bytes.size())).raw(message.bytes).bytes;
    const ServerReply reply = parse_server_reply(bytes);
    CHECK(reply.kind == Kind::sslv2_server_hello);
    CHECK(reply.version == 0x0002);
    CHECK(reply.sslv2_ciphers == std::vector<uint32_t>{0x010080, 0x0700C0});
    CHECK(reply.sslv2_certificate == std::vector<uint8_t>{0x30, 0x01, 0x00});

    const ServerReply error = parse_server_reply({0x80, 0x03, 0x00, 0x00, 0x01});
    CHECK(error.kind == Kind::alert);
    CHECK(error.sslv2_error == std::optional<uint16_t>(1));

    auto lying = bytes;
    lying[8] = 0x40;  // certificate length 0x4003: beyond the record
    const ServerReply overrun = parse_server_reply(lying);
    CHECK(overrun.kind == Kind::malformed);
    CHECK(overrun.malformed_reason.starts_with("SSLv2 SERVER-HELLO overruns its record by"));
}

TEST_CASE("tls wire reply: message split across records, two messages in one record") {
    const auto hello = handshake(2, server_hello_body(std::vector<uint8_t>(32, 1), 0x009C, Wire().u16(0xFF01).u16(1).u8(0).bytes));
    const std::vector<uint8_t> first(hello.begin(), hello.begin() + 10);
    const std::vector<uint8_t> second(hello.begin() + 10, hello.end());
    const auto split = concat(concat(record(22, first), record(22, second)), record(22, handshake(14, {})));
    const ServerReply reply = parse_server_reply(split);
    CHECK(reply.kind == Kind::server_hello);
    CHECK(reply.complete);
    CHECK(reply.cipher_suite == 0x009C);
    CHECK(reply.renegotiation_info);
    CHECK_FALSE(reply.extended_master_secret);

    const ServerReply shared = parse_server_reply(record(22, concat(hello, handshake(14, {}))));
    CHECK(shared.kind == Kind::server_hello);
    CHECK(shared.complete);
}

TEST_CASE("tls wire reply: empty stream, garbage, truncation") {
    CHECK(parse_server_reply({}).kind == Kind::closed);

    const std::string http = "HTTP/1.1 400 Bad Request\r\n\r\n";
    const ServerReply garbage = parse_server_reply(std::vector<uint8_t>(http.begin(), http.end()));
    CHECK(garbage.kind == Kind::malformed);
    CHECK(garbage.malformed_reason == "not a TLS record: content type 0x48");

    const std::vector<uint8_t> truncated(k_openssl_tls12_flight.begin(), k_openssl_tls12_flight.begin() + 40);
    const ServerReply cut = parse_server_reply(truncated);
    CHECK(cut.kind == Kind::malformed);
    CHECK(cut.malformed_reason == "stream ended inside a record (40 bytes of it received)");

    const ServerReply header_only = parse_server_reply({0x16, 0x03});
    CHECK(header_only.kind == Kind::malformed);

    const auto partial_message = record(22, {2, 0, 0, 80, 3, 3});
    CHECK(parse_server_reply(partial_message).malformed_reason == "stream ended inside a handshake message (6 bytes of it received)");
}

TEST_CASE("tls wire reply: lengths that lie") {
    const ServerReply huge_record = parse_server_reply({0x16, 0x03, 0x03, 0xFF, 0xFF});
    CHECK(huge_record.kind == Kind::malformed);
    CHECK(huge_record.malformed_reason == "record length 65535 exceeds 18432");

    const ServerReply huge_message = parse_server_reply(record(22, {2, 0xFF, 0xFF, 0xFF}));
    CHECK(huge_message.malformed_reason == "handshake message length 16777215 exceeds 65536");

    // Extensions block claims 3 bytes more than the message has.
    Wire body;
    body.u16(0x0303).zeros(32).u8(0).u16(0x002F).u8(0).u16(7).u16(0xFF01).u16(0);
    const ServerReply overrun = parse_server_reply(record(22, handshake(2, body.bytes)));
    CHECK(overrun.kind == Kind::malformed);
    CHECK(overrun.malformed_reason == "ServerHello extensions overrun by 3 bytes");

    Wire inner;
    inner.u16(0x0303).zeros(32).u8(0).u16(0x002F).u8(0).u16(4).u16(0xFF01).u16(5);
    CHECK(parse_server_reply(record(22, handshake(2, inner.bytes))).malformed_reason ==
          "ServerHello extension 65281 overruns by 5 bytes");

    Wire long_sid;
    long_sid.u16(0x0303).zeros(32).u8(33).zeros(33).u16(0x002F).u8(0);
    CHECK(parse_server_reply(record(22, handshake(2, long_sid.bytes))).malformed_reason ==
          "ServerHello session id length 33 exceeds 32");

    CHECK(parse_server_reply(record(22, handshake(2, {3, 3, 0}))).malformed_reason == "ServerHello truncated by 31 bytes");

    CHECK(parse_server_reply(record(22, {})).malformed_reason == "empty handshake record");
    CHECK(parse_server_reply(record(22, handshake(11, {}))).malformed_reason ==
          "expected ServerHello, got handshake message type 11");
    CHECK(parse_server_reply(record(23, {1, 2, 3})).malformed_reason ==
          "unexpected record of content type 23 before the handshake ended");

    // Certificate list longer than its message.
    const auto hello = handshake(2, server_hello_body(std::vector<uint8_t>(32, 1), 0xC02F, {}));
    const auto bad_certificate = record(22, concat(hello, handshake(11, Wire().u24(10).u24(3).u8(1).bytes)));
    CHECK(parse_server_reply(bad_certificate).malformed_reason == "Certificate list overruns its message by 6 bytes");
}

TEST_CASE("tls wire reply: limits") {
    ReplyLimits small;
    small.max_bytes = 100;
    const ServerReply too_much = feed_in_pieces(k_openssl_tls12_flight, 50, small);
    CHECK(too_much.kind == Kind::malformed);
    CHECK(too_much.malformed_reason == "more than 100 bytes without a complete reply");

    ReplyLimits few_records;
    few_records.max_records = 2;
    CHECK(parse_server_reply(k_openssl_tls12_flight, few_records).malformed_reason == "more than 2 records");

    ReplyLimits no_certificates;
    no_certificates.max_certificates = 0;
    const ServerReply bounded = parse_server_reply(k_openssl_tls12_flight, no_certificates);
    CHECK(bounded.kind == Kind::server_hello);
    CHECK(bounded.certificates.empty());
    CHECK(bounded.certificates_truncated);

    std::vector<uint8_t> many_ccs;
    for (int i = 0; i < 70; ++i) many_ccs = concat(many_ccs, record(20, {1}));
    CHECK(parse_server_reply(many_ccs).malformed_reason == "more than 64 records");
}

TEST_CASE("tls wire reply: DHE ServerKeyExchange") {
    const auto hello = handshake(2, server_hello_body(std::vector<uint8_t>(32, 1), 0x009E, {}));
    Wire ske;
    ske.u16(4).raw({0xFF, 0xFF, 0xFF, 0xFB}).u16(1).u8(2).u16(2).raw({0x12, 0x34}).u16(0x0401).u16(3).raw({1, 2, 3});
    const auto bytes = record(22, concat(concat(hello, handshake(12, ske.bytes)), handshake(14, {})));
    const ServerReply reply = parse_server_reply(bytes);
    CHECK(reply.kind == Kind::server_hello);
    CHECK(reply.ske.kind == ServerReply::ServerKeyExchange::dhe);
    CHECK(reply.ske.dh_p.size() == 4);
    CHECK(reply.ske.dh_g == std::vector<uint8_t>{2});
    CHECK(reply.ske.signature_scheme == std::optional<uint16_t>(0x0401));

    Wire short_ske;
    short_ske.u16(300).u8(1);
    const auto truncated = record(22, concat(hello, handshake(12, short_ske.bytes)));
    CHECK(parse_server_reply(truncated).malformed_reason == "ServerKeyExchange truncated by 299 bytes");
}

TEST_CASE("tls wire reply: RFC 8446 downgrade sentinel") {
    std::vector<uint8_t> random(24, 9);
    for (char c : std::string("DOWNGRD")) random.push_back(static_cast<uint8_t>(c));
    random.push_back(1);
    const auto tls12 = parse_server_reply(record(22, handshake(2, server_hello_body(random, 0xC02F, {}))));
    CHECK(tls12.downgrade_sentinel == ServerReply::Downgrade::tls12);
    random.back() = 0;
    const auto tls11 = parse_server_reply(record(22, handshake(2, server_hello_body(random, 0xC02F, {}))));
    CHECK(tls11.downgrade_sentinel == ServerReply::Downgrade::tls11_or_below);
    CHECK(parse_server_reply(k_openssl_tls12_flight).downgrade_sentinel == ServerReply::Downgrade::none);
}
