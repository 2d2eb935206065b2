// build_client_hello decoded field by field: record and handshake lengths, extensions in
// order and content, SNI, key shares, the SSLv2 format and RFC 7685 padding.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "engine/tls/wire/bytes.hpp"
#include "engine/tls/wire/client_hello.hpp"
#include "engine/tls/wire/registry.hpp"

using namespace osescan::engine::tls::wire;

namespace {

struct DecodedHello {
    uint16_t record_version = 0;
    size_t handshake_length = 0;  // header + body
    uint16_t legacy_version = 0;
    size_t session_id_length = 0;
    std::vector<uint16_t> suites;
    std::vector<uint8_t> compression;
    bool has_extensions_field = false;
    std::vector<uint16_t> extension_order;
    std::map<uint16_t, std::vector<uint8_t>> extensions;
};

// Decodes one single-record ClientHello; every length must be consistent.
DecodedHello decode(const std::vector<uint8_t>& wire) {
    DecodedHello hello;
    ByteReader record(wire.data(), wire.size());
    REQUIRE(record.u8() == k_content_handshake);
    hello.record_version = record.u16();
    const uint16_t record_length = record.u16();
    REQUIRE(record_length == record.remaining());
    REQUIRE(record.u8() == k_handshake_client_hello);
    const uint32_t body_length = record.u24();
    REQUIRE(body_length == record.remaining());
    hello.handshake_length = 4 + body_length;
    hello.legacy_version = record.u16();
    REQUIRE(record.bytes(32).size() == 32);
    hello.session_id_length = record.u8();
    record.bytes(hello.session_id_length);
    ByteReader suites = record.sub(record.u16());
    while (suites.remaining() >= 2) hello.suites.push_back(suites.u16());
    CHECK(suites.remaining() == 0);
    hello.compression = record.bytes(record.u8());
    if (record.remaining() > 0) {
        hello.has_extensions_field = true;
        const uint16_t extensions_length = record.u16();
        REQUIRE(extensions_length == record.remaining());
        while (record.remaining() > 0) {
            const uint16_t type = record.u16();
            const uint16_t length = record.u16();
            hello.extension_order.push_back(type);
            hello.extensions[type] = record.bytes(length);
        }
    }
    REQUIRE(record.ok());
    return hello;
}

ClientHelloSpec tls13_spec() {
    ClientHelloSpec spec;
    spec.cipher_suites = {0x1301, 0x1302, 0xC02F};
    spec.server_name = "www.example.nl";
    spec.supported_versions = {k_tls13, k_tls12};
    spec.supported_groups = {0x11EC, 0x001D, 0x0017};
    spec.key_share_groups = {0x11EC, 0x001D};
    spec.signature_algorithms = {0x0403, 0x0804};
    spec.alpn = {"h2", "http/1.1"};
    return spec;
}

}  // namespace

TEST_CASE("tls wire client hello: TLS 1.3 hello, extensions in order") {
    const DecodedHello hello = decode(build_client_hello(tls13_spec()));
    CHECK(hello.record_version == 0x0301);
    CHECK(hello.legacy_version == 0x0303);
    CHECK(hello.session_id_length == 32);  // RFC 8446 D.4 compatibility mode
    CHECK(hello.suites == std::vector<uint16_t>{0x1301, 0x1302, 0xC02F});
    CHECK(hello.compression == std::vector<uint8_t>{0});
    CHECK(hello.extension_order ==
          std::vector<uint16_t>{k_ext_server_name, k_ext_ec_point_formats, k_ext_supported_groups,
                                k_ext_signature_algorithms, k_ext_alpn, k_ext_extended_master_secret,
                                k_ext_renegotiation_info, k_ext_supported_versions, k_ext_psk_key_exchange_modes,
                                k_ext_key_share});
    // SNI: list length, host_name (0), name length, name.
    const std::vector<uint8_t>& sni = hello.extensions.at(k_ext_server_name);
    ByteReader sni_in(sni.data(), sni.size());
    CHECK(sni_in.u16() == 17);
    CHECK(sni_in.u8() == 0);
    CHECK(sni_in.u16() == 14);
    const std::vector<uint8_t> name = sni_in.bytes(14);
    CHECK(std::string(name.begin(), name.end()) == "www.example.nl");
    CHECK(sni_in.remaining() == 0);

    CHECK(hello.extensions.at(k_ext_supported_versions) == std::vector<uint8_t>{4, 0x03, 0x04, 0x03, 0x03});
    CHECK(hello.extensions.at(k_ext_supported_groups) == std::vector<uint8_t>{0, 6, 0x11, 0xEC, 0x00, 0x1D, 0x00, 0x17});
    CHECK(hello.extensions.at(k_ext_renegotiation_info) == std::vector<uint8_t>{0});
    CHECK(hello.extensions.at(k_ext_extended_master_secret).empty());
    CHECK(hello.extensions.at(k_ext_psk_key_exchange_modes) == std::vector<uint8_t>{1, 1});
    CHECK(hello.extensions.at(k_ext_alpn) == std::vector<uint8_t>{0, 12, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'});

    const std::vector<uint8_t>& shares = hello.extensions.at(k_ext_key_share);
    ByteReader in(shares.data(), shares.size());
    CHECK(in.u16() == shares.size() - 2);
    CHECK(in.u16() == 0x11EC);
    CHECK(in.u16() == 1216);
    const std::vector<uint8_t> mlkem = in.bytes(1216);
    CHECK(in.u16() == 0x001D);
    CHECK(in.u16() == 32);
    in.bytes(32);
    CHECK(in.remaining() == 0);
    CHECK(in.ok());
    // Every packed ML-KEM-768 coefficient is below q = 3329 (FIPS 203 modulus check).
    for (size_t i = 0; i + 2 < 1152; i += 3) {
        const unsigned a = mlkem[i] | ((mlkem[i + 1] & 0x0F) << 8);
        const unsigned b = (mlkem[i + 1] >> 4) | (mlkem[i + 2] << 4);
        REQUIRE(a < 3329);
        REQUIRE(b < 3329);
    }
    CHECK(hello.handshake_length > 512);  // no padding needed
    CHECK(hello.extensions.count(k_ext_padding) == 0);
}

TEST_CASE("tls wire client hello: EC and ffdhe key shares") {
    ClientHelloSpec spec;
    spec.cipher_suites = {0x1301};
    spec.supported_versions = {k_tls13};
    spec.supported_groups = {0x0017, 0x0018, 0x0019, 0x0100, 0x001A};
    spec.key_share_groups = {0x0017, 0x0018, 0x0019, 0x0100, 0x001A};  // brainpool: no share made
    const DecodedHello hello = decode(build_client_hello(spec));
    const std::vector<uint8_t>& shares = hello.extensions.at(k_ext_key_share);
    ByteReader in(shares.data(), shares.size());
    in.u16();
    for (auto [group, length] : std::vector<std::pair<uint16_t, size_t>>{{0x17, 65}, {0x18, 97}, {0x19, 133}, {0x100, 256}}) {
        CHECK(in.u16() == group);
        CHECK(in.u16() == length);
        const std::vector<uint8_t> share = in.bytes(length);
        if (group < 0x100) CHECK(share[0] == 0x04);  // uncompressed point
        if (group == 0x100) {
            CHECK(share.back() == 2);
            CHECK(share[0] == 0);
        }
    }
    CHECK(in.remaining() == 0);
}

TEST_CASE("tls wire client hello: SSLv3 hello without extensions, record version, compression") {
    ClientHelloSpec spec;
    spec.record_version = k_ssl3;
    spec.legacy_version = k_ssl3;
    spec.cipher_suites = {0x0005, 0x0004, 0x000A};
    spec.compression_methods = {1, 0};
    spec.renegotiation_info = false;
    spec.extended_master_secret = false;
    spec.ec_point_formats = false;
    const DecodedHello hello = decode(build_client_hello(spec));
    CHECK(hello.record_version == 0x0300);
    CHECK(hello.legacy_version == 0x0300);
    CHECK(hello.session_id_length == 0);
    CHECK(hello.compression == std::vector<uint8_t>{1, 0});
    CHECK_FALSE(hello.has_extensions_field);
    CHECK(hello.handshake_length == 4 + 2 + 32 + 1 + 2 + 6 + 1 + 2);
}

TEST_CASE("tls wire client hello: RFC 7685 padding to 512 bytes for 256..511") {
    for (size_t suites : {91, 92, 100, 126, 127, 200, 217, 218, 219, 250}) {
        CAPTURE(suites);
        ClientHelloSpec spec;
        spec.cipher_suites.assign(suites, 0x002F);
        spec.status_request = true;
        spec.session_ticket = true;
        const DecodedHello hello = decode(build_client_hello(spec));
        CHECK(hello.extension_order.front() == k_ext_ec_point_formats);
        CHECK(hello.extensions.at(k_ext_status_request) == std::vector<uint8_t>{1, 0, 0, 0, 0});
        CHECK(hello.extensions.count(k_ext_session_ticket) == 1);
        CHECK((hello.handshake_length < 256 || hello.handshake_length >= 512));
        // 73 + 2n bytes unpadded: n = 91 gives 255 (left alone), n >= 92 up to 219 is padded.
        CHECK(hello.extensions.count(k_ext_padding) == (suites >= 92 && suites <= 219 ? 1u : 0u));
        if (hello.extensions.count(k_ext_padding)) {
            CHECK(hello.extension_order.back() == k_ext_padding);
            const auto& padding = hello.extensions.at(k_ext_padding);
            CHECK(std::all_of(padding.begin(), padding.end(), [](uint8_t b) { return b == 0; }));
            if (!padding.empty()) CHECK(hello.handshake_length == 512);
        }
    }
}

TEST_CASE("tls wire client hello: long hellos are split into records of 2^14 bytes") {
    ClientHelloSpec spec;
    spec.cipher_suites.assign(9000, 0x002F);
    const std::vector<uint8_t> wire = build_client_hello(spec);
    ByteReader in(wire.data(), wire.size());
    size_t records = 0;
    size_t payload = 0;
    while (in.remaining() > 0) {
        CHECK(in.u8() == k_content_handshake);
        in.u16();
        const uint16_t length = in.u16();
        CHECK(length <= k_max_plaintext);
        in.bytes(length);
        payload += length;
        ++records;
    }
    CHECK(in.ok());
    CHECK(records == 2);
    CHECK(payload > 18000);
}

TEST_CASE("tls wire client hello: SSLv2 CLIENT-HELLO") {
    ClientHelloSpec spec;
    spec.sslv2 = true;
    spec.sslv2_ciphers = {0x010080, 0x0700C0, 0x020080};
    const std::vector<uint8_t> wire = build_client_hello(spec);
    ByteReader in(wire.data(), wire.size());
    const uint16_t header = in.u16();
    CHECK((header & 0x8000) != 0);
    CHECK((header & 0x7FFF) == in.remaining());
    CHECK(in.u8() == 1);         // CLIENT-HELLO
    CHECK(in.u16() == 0x0002);   // SSL 2.0
    CHECK(in.u16() == 9);        // cipher specs
    CHECK(in.u16() == 0);        // session id
    CHECK(in.u16() == 16);       // challenge
    CHECK(in.u24() == 0x010080);
    CHECK(in.u24() == 0x0700C0);
    CHECK(in.u24() == 0x020080);
    CHECK(in.bytes(16).size() == 16);
    CHECK(in.remaining() == 0);
    CHECK(in.ok());
}

TEST_CASE("tls wire client hello: TLS 1.3 without shares sends an empty key_share") {
    ClientHelloSpec spec;
    spec.cipher_suites = {0x1301};
    spec.supported_versions = {k_tls13};
    spec.supported_groups = {0x11EC};
    const DecodedHello hello = decode(build_client_hello(spec));
    CHECK(hello.extensions.at(k_ext_key_share) == std::vector<uint8_t>{0, 0});
}
