// The NTS wire formats (engine/nts): NTS-KE records (RFC 8915 §4), NTP extension fields
// (RFC 7822, RFC 8915 §5), AES-SIV-CMAC-256 (RFC 5297) and the reply reader.

#include <doctest/doctest.h>

#include "engine/nts/aes_siv.hpp"
#include "engine/nts/ntp_client.hpp"
#include "engine/nts/ntp_packet.hpp"
#include "engine/nts/nts_ke_records.hpp"

using namespace osescan::engine::nts;
namespace facts = osescan::facts;

namespace {
std::vector<uint8_t> record(uint16_t type, bool critical, const std::vector<uint8_t>& body) {
    std::vector<uint8_t> out{static_cast<uint8_t>((type >> 8) | (critical ? 0x80 : 0)), static_cast<uint8_t>(type),
                             static_cast<uint8_t>(body.size() >> 8), static_cast<uint8_t>(body.size())};
    out.insert(out.end(), body.begin(), body.end());
    return out;
}
std::vector<uint8_t> join(std::initializer_list<std::vector<uint8_t>> parts) {
    std::vector<uint8_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}
KeParse parse(const std::vector<uint8_t>& bytes, KeResponse& out, std::string& problem) {
    return parse_ke_response(bytes.data(), bytes.size(), out, problem);
}
}  // namespace

TEST_CASE("NTS-KE: the request is NTPv4 + AES-SIV-CMAC-256 + End of Message, all critical") {
    CHECK(ke_request() == std::vector<uint8_t>{0x80, 1, 0, 2, 0, 0, 0x80, 4, 0, 2, 0, 15, 0x80, 0, 0, 0});
}

TEST_CASE("NTS-KE: a server response, record by record") {
    const auto response = join({record(1, true, {0, 0}), record(4, false, {0, 15}), record(3, true, {0, 7}),
                                record(5, false, std::vector<uint8_t>(100, 0xAB)), record(5, false, {1, 2, 3, 4}),
                                record(6, true, {'n', 't', 'p', '.', 'e', 'x'}), record(7, true, {0x12, 0x34}),
                                record(0x4000, false, {9}), record(0, true, {})});
    KeResponse out;
    std::string problem;
    CHECK(parse(std::vector<uint8_t>(response.begin(), response.end() - 2), out, problem) == KeParse::need_more);
    REQUIRE(parse(response, out, problem) == KeParse::complete);
    CHECK(out.summary.records.size() == 9);
    CHECK(out.summary.next_protocols == std::vector<int>{0});
    CHECK(out.summary.aead_algorithms == std::vector<int>{15});
    CHECK(out.summary.warning_code == 7);
    CHECK(out.summary.error_code == -1);
    CHECK(out.summary.cookies == 2);
    CHECK(out.summary.cookie_bytes == 100);
    CHECK(out.cookies.size() == 2);
    CHECK(out.summary.ntp_server == "ntp.ex");
    CHECK(out.summary.ntp_port == 0x1234);
    CHECK(out.summary.unknown_critical.empty());  // type 0x4000 was not critical

    const auto critical = join({record(0x1234, true, {}), record(0, true, {})});
    REQUIRE(parse(critical, out, problem) == KeParse::complete);
    CHECK(out.summary.unknown_critical == std::vector<int>{0x1234});
    const auto error = join({record(2, true, {0, 1}), record(0, true, {})});
    REQUIRE(parse(error, out, problem) == KeParse::complete);
    CHECK(out.summary.error_code == 1);
}

TEST_CASE("NTS-KE: malformed records are refused with a reason") {
    KeResponse out;
    std::string problem;
    CHECK(parse(record(0, false, {}), out, problem) == KeParse::malformed);  // End of Message not critical
    CHECK(parse(record(1, true, {0}), out, problem) == KeParse::malformed);  // odd list
    CHECK(parse(record(2, true, {0, 1, 2}), out, problem) == KeParse::malformed);
    CHECK(parse(record(5, true, {1}), out, problem) == KeParse::malformed);  // critical cookie
    CHECK(parse(record(6, true, {'a', ' ', 'b'}), out, problem) == KeParse::malformed);
    CHECK(parse(record(7, true, {1}), out, problem) == KeParse::malformed);
    std::vector<uint8_t> many;
    for (size_t i = 0; i <= k_max_ke_records; ++i) many = join({many, record(3, true, {0, 0})});
    CHECK(parse(many, out, problem) == KeParse::malformed);
    CHECK(problem.find("records") != std::string::npos);
}

TEST_CASE("AES-SIV-CMAC-256: seal and open, any change is caught") {
    const std::vector<uint8_t> key(32, 7), ad{1, 2, 3}, nonce(16, 9), plaintext{'c', 'o', 'o', 'k', 'i', 'e'};
    const auto sealed = siv_seal(key, ad, nonce, plaintext);
    REQUIRE(sealed);
    CHECK(sealed->size() == 16 + plaintext.size());
    CHECK(siv_open(key, ad, nonce, *sealed) == plaintext);
    auto changed = *sealed;
    changed.back() ^= 1;
    CHECK_FALSE(siv_open(key, ad, nonce, changed));
    CHECK_FALSE(siv_open(key, {1, 2, 4}, nonce, *sealed));
    const auto tag_only = siv_seal(key, ad, nonce, {});
    REQUIRE(tag_only);
    CHECK(tag_only->size() == 16);
    CHECK(siv_open(key, ad, nonce, *tag_only) == std::vector<uint8_t>{});
}

namespace {
std::vector<uint8_t> hex(const std::string& text) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < text.size(); i += 2)
        out.push_back(static_cast<uint8_t>(std::stoi(text.substr(i, 2), nullptr, 16)));
    return out;
}
}  // namespace

TEST_CASE("AES-SIV-CMAC-256: RFC 5297 appendix A test vectors") {
    // A.1, deterministic: one associated-data string, no nonce.
    const auto key1 = hex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const std::vector<uint8_t> k1(key1.begin(), key1.begin() + 16), k2(key1.begin() + 16, key1.end());
    const auto plaintext1 = hex("112233445566778899aabbccddee");
    const auto v1 = siv_s2v(k1, {hex("101112131415161718191a1b1c1d1e1f2021222324252627"), plaintext1});
    REQUIRE(v1);
    CHECK(*v1 == hex("85632d07c6e8f37f950acd320a2ecc93"));
    CHECK(siv_ctr(k2, *v1, plaintext1) == hex("40c02b9690c4dc04daef7f6afe5c"));
    // A.2, nonce-based: two associated-data strings, the nonce, the plaintext.
    const auto key2 = hex("7f7e7d7c7b7a79787776757473727170404142434445464748494a4b4c4d4e4f");
    const std::vector<uint8_t> m1(key2.begin(), key2.begin() + 16), m2(key2.begin() + 16, key2.end());
    const auto plaintext2 =
        hex("7468697320697320736f6d6520706c61696e7465787420746f20656e6372797074207573696e67205349562d414553");
    const auto v2 =
        siv_s2v(m1, {hex("00112233445566778899aabbccddeeffdeaddadadeaddadaffeeddccbbaa99887766554433221100"),
                     hex("102030405060708090a0"), hex("09f911029d74e35bd84156c5635688c0"), plaintext2});
    REQUIRE(v2);
    CHECK(*v2 == hex("7bdb6e3b432667eb06f4d14bff2fbd0f"));
    CHECK(siv_ctr(m2, *v2, plaintext2) ==
          hex("cb900f2fddbe404326601965c889bf17dba77ceb094fa663b7a3f748ba8af829ea64ad544a272e9c485b62a3fd5c0d"));
}

TEST_CASE("NTP: an NTS reply is verified, its cookies decrypted; NAK, origin and authenticator checked") {
    NtsSecrets secrets;
    secrets.c2s_key.assign(32, 1);
    secrets.s2c_key.assign(32, 2);
    const std::vector<uint8_t> uid(32, 0x42);
    const uint64_t sent = ntp_from_unix(1750000000.0);
    auto reply = [&](int stratum, uint32_t refid, bool authenticate, uint64_t origin) {
        NtpHeader h;
        h.mode = 4;
        h.stratum = stratum;
        h.reference_id = refid;
        h.origin_ts = origin;
        h.receive_ts = ntp_from_unix(1750000000.010);
        h.transmit_ts = ntp_from_unix(1750000000.011);
        std::vector<uint8_t> packet = encode_header(h);
        append_extension_field(packet, ef_type::unique_identifier, uid);
        if (authenticate) {
            std::vector<uint8_t> inner;
            append_extension_field(inner, ef_type::nts_cookie, std::vector<uint8_t>(64, 5));
            const std::vector<uint8_t> nonce(16, 3);
            const auto sealed = siv_seal(secrets.s2c_key, packet, nonce, inner);
            append_extension_field(packet, ef_type::nts_authenticator, authenticator_body(nonce, *sealed));
        }
        return packet;
    };
    facts::NtpExchange out;
    CHECK(read_reply(reply(2, 0xC0000201, true, sent), sent, uid, &secrets, 1750000000.0, 1750000000.02, out));
    CHECK(out.outcome == facts::ntp_outcome::ok);
    CHECK(out.new_cookies == 1);
    CHECK(out.sample.stratum == 2);
    CHECK(out.sample.offset_ms == doctest::Approx(0.5).epsilon(0.01));
    CHECK(out.sample.delay_ms == doctest::Approx(19).epsilon(0.01));

    facts::NtpExchange nak;
    CHECK(read_reply(reply(0, 0x4E54534E, false, sent), sent, uid, &secrets, 1750000000.0, 1750000000.02, nak));
    CHECK(nak.outcome == facts::ntp_outcome::nts_nak);

    facts::NtpExchange bad;
    auto tampered = reply(2, 0xC0000201, true, sent);
    tampered[1] = 1;  // the stratum, covered by the authenticator
    CHECK(read_reply(tampered, sent, uid, &secrets, 1750000000.0, 1750000000.02, bad));
    CHECK(bad.outcome == facts::ntp_outcome::bad_authenticator);

    facts::NtpExchange unauthenticated;
    CHECK(read_reply(reply(2, 0xC0000201, false, sent), sent, uid, &secrets, 1750000000.0, 1750000000.02,
                     unauthenticated));
    CHECK(unauthenticated.outcome == facts::ntp_outcome::bad_authenticator);

    facts::NtpExchange old;
    CHECK_FALSE(
        read_reply(reply(2, 0xC0000201, true, sent + 1), sent, uid, &secrets, 1750000000.0, 1750000000.02, old));
    CHECK(old.outcome == facts::ntp_outcome::bad_origin);
}

TEST_CASE("NTP: extension fields are bounded and well formed") {
    std::string problem;
    std::vector<uint8_t> field{0x01, 0x04, 0x00, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0};  // length 12 < 16
    CHECK_FALSE(parse_extension_fields(field.data(), field.size(), 0, problem));
    std::vector<uint8_t> over{0x01, 0x04, 0x00, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK_FALSE(parse_extension_fields(over.data(), over.size(), 0, problem));
    std::vector<uint8_t> ok;
    append_extension_field(ok, 0x0204, {1, 2, 3});
    CHECK(ok.size() == 16);
    const auto fields = parse_extension_fields(ok.data(), ok.size(), 48, problem);
    REQUIRE(fields);
    CHECK(fields->front().offset == 48);
    CHECK(reference_id_text(0x4E54534E, 0) == "NTSN");
    CHECK(reference_id_text(0xC0000201, 2) == "C0000201");
}
