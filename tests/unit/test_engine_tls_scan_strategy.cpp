// The TLS handshake scan's enumeration strategies (engine/tls/scan/strategy.hpp) against a
// scripted server: a function ClientHelloSpec -> ServerReply that plays a configured
// server (versions, suites and their order, groups, DH prime, signature schemes,
// extensions, fallback SCSV), and can go silent after some answers.

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "engine/tls/scan/strategy.hpp"
#include "engine/tls/wire/registry.hpp"

using namespace osescan::engine::tls;
using namespace osescan::engine::tls::scan;
using osescan::facts::TlsCode;
using osescan::facts::TlsScan;
using osescan::facts::TlsScanRequest;
using End = wire::ExchangeResult::End;
using Kind = wire::ServerReply::Kind;

namespace {

std::vector<uint8_t> from_hex(std::string_view hex) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    return out;
}

// RFC 2409 §6.2, the second Oakley group.
const std::vector<uint8_t> k_modp1024 = from_hex(
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b"
    "302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe6"
    "49286651ece65381ffffffffffffffff");

template <typename T>
bool in(const std::vector<T>& list, T value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

struct FakeServer {
    std::vector<uint16_t> versions{wire::k_tls12, wire::k_tls13};
    std::vector<uint16_t> suites{0x1302, 0x1301, 0xC030, 0xC02F, 0x009C};  // server preference
    bool server_order = true;
    std::vector<uint16_t> groups{0x001D, 0x0017};  // TLS 1.3 groups and TLS 1.2 curves, preference order
    std::vector<uint8_t> dh_prime;                 // DHE suites need it
    std::vector<uint16_t> schemes{0x0804, 0x0401};
    bool ignores_signature_list = false;  // signs with its first scheme whatever is offered
    std::vector<uint32_t> sslv2_kinds{0x010080, 0x0700C0};
    bool ems = true, reneg = true, compression = false, honour_fallback = true;
    int answers_before_silence = -1;  // -1: never silent
    bool malformed_tls11 = false;

    int hellos = 0;
    size_t longest_offer = 0;

    std::vector<uint16_t> pick(const std::vector<uint16_t>& server, const std::vector<uint16_t>& client) const {
        std::vector<uint16_t> out;
        if (server_order) {
            for (uint16_t x : server)
                if (in(client, x)) out.push_back(x);
        } else {
            for (uint16_t x : client)
                if (in(server, x)) out.push_back(x);
        }
        return out;
    }

    static wire::ExchangeResult reply(wire::ServerReply r) {
        wire::ExchangeResult result;
        result.end = End::reply;
        result.reply = std::move(r);
        return result;
    }
    static wire::ExchangeResult alert(uint8_t description) {
        wire::ServerReply r;
        r.kind = Kind::alert;
        r.alert_level = 2;
        r.alert_description = description;
        return reply(r);
    }

    wire::ExchangeResult operator()(const wire::ClientHelloSpec& spec) {
        ++hellos;
        if (answers_before_silence >= 0 && hellos > answers_before_silence) {
            wire::ExchangeResult silent;
            silent.end = End::timeout;
            silent.detail = "no complete reply within 100 ms (0 bytes received)";
            return silent;
        }
        longest_offer = std::max(longest_offer, spec.cipher_suites.size());
        if (spec.sslv2) {
            wire::ServerReply r;
            if (!in(versions, wire::k_ssl2)) return reply(r);  // closed
            r.kind = Kind::sslv2_server_hello;
            r.version = wire::k_ssl2;
            for (uint32_t k : sslv2_kinds)
                if (in(spec.sslv2_ciphers, k)) r.sslv2_ciphers.push_back(k);
            return reply(r);
        }
        std::vector<uint16_t> offered;
        if (!spec.supported_versions.empty()) offered = spec.supported_versions;
        else
            for (uint16_t v : {wire::k_ssl3, wire::k_tls10, wire::k_tls11, wire::k_tls12})
                if (v <= spec.legacy_version) offered.push_back(v);
        uint16_t version = 0;
        for (uint16_t v : offered)
            if (in(versions, v)) version = std::max(version, v);
        if (!version) return alert(70);
        if (malformed_tls11 && version == wire::k_tls11) {
            wire::ServerReply r;
            r.kind = Kind::malformed;
            r.malformed_reason = "ServerHello truncated by 3 bytes";
            return reply(r);
        }
        const uint16_t best = *std::max_element(versions.begin(), versions.end());
        if (honour_fallback && in(spec.cipher_suites, wire::k_fallback_scsv) && version < best) return alert(86);
        wire::ServerReply r;
        r.version = version;
        if (version == wire::k_tls13) {
            std::vector<uint16_t> mine;
            for (uint16_t s : suites)
                if (s >> 8 == 0x13) mine.push_back(s);
            const auto s = pick(mine, spec.cipher_suites);
            const auto g = pick(groups, spec.supported_groups);
            if (s.empty() || g.empty()) return alert(40);
            r.kind = in(spec.key_share_groups, g[0]) ? Kind::server_hello : Kind::hello_retry_request;
            r.cipher_suite = s[0];
            r.selected_group = g[0];
            return reply(r);
        }
        std::vector<uint16_t> curves;
        for (uint16_t g : groups)
            if (g < 0x0100) curves.push_back(g);
        const auto common_curves = pick(curves, spec.supported_groups);
        std::optional<uint16_t> scheme;
        for (uint16_t s : schemes)
            if (spec.signature_algorithms.empty() || ignores_signature_list || in(spec.signature_algorithms, s)) {
                scheme = s;
                break;
            }
        std::vector<uint16_t> usable;
        for (uint16_t s : suites) {
            if (s >> 8 == 0x13) continue;
            const std::string name = wire::cipher_suite_name(s);
            const bool ecdhe = name.find("_ECDHE_") != std::string::npos;
            const bool dhe = name.find("_DHE_") != std::string::npos;
            if (ecdhe && common_curves.empty()) continue;
            if (dhe && dh_prime.empty()) continue;
            if ((ecdhe || dhe) && version == wire::k_tls12 && !scheme) continue;
            usable.push_back(s);
        }
        const auto chosen = pick(usable, spec.cipher_suites);
        if (chosen.empty()) return alert(40);
        r.kind = Kind::server_hello;
        r.cipher_suite = chosen[0];
        r.compression_method = compression && in(spec.compression_methods, uint8_t{1}) ? 1 : 0;
        r.renegotiation_info = reneg && (spec.renegotiation_info || in(spec.cipher_suites, uint16_t{0x00FF}));
        r.extended_master_secret = ems && spec.extended_master_secret;
        const std::string name = wire::cipher_suite_name(chosen[0]);
        if (name.find("_ECDHE_") != std::string::npos) {
            r.ske.kind = wire::ServerReply::ServerKeyExchange::ecdhe;
            r.ske.named_curve = common_curves[0];
        } else if (name.find("_DHE_") != std::string::npos) {
            r.ske.kind = wire::ServerReply::ServerKeyExchange::dhe;
            r.ske.dh_p = dh_prime;
        }
        if (r.ske.kind != wire::ServerReply::ServerKeyExchange::none && version == wire::k_tls12) r.ske.signature_scheme = scheme;
        r.complete = true;
        return reply(r);
    }
};

osescan::facts::Observed<TlsScan> run_scan(FakeServer& server, std::string aspect, std::string version,
                                       const std::optional<TlsScan>& versions = std::nullopt) {
    TlsScanRequest request{"192.0.2.1", 443, "example.test", std::move(aspect), std::move(version), ""};
    MadeStrategy made = make_strategy(request, versions);
    REQUIRE(made.strategy);
    return run_scripted(*made.strategy, [&](const wire::ClientHelloSpec& spec) { return server(spec); });
}

std::vector<uint32_t> ids(const std::vector<TlsCode>& codes) {
    std::vector<uint32_t> out;
    for (const auto& c : codes) out.push_back(c.id);
    return out;
}

}  // namespace

TEST_CASE("tls scan strategy: versions newest first, refusals with their alert, a lower answer is a refusal") {
    FakeServer server;
    server.versions = {wire::k_tls10, wire::k_tls12, wire::k_tls13};
    server.suites = {0x1301, 0xC02F, 0xC013};
    const auto result = run_scan(server, "versions", "");
    REQUIRE(result.ok());
    const TlsScan& s = result.value();
    REQUIRE(s.versions.size() == 6);
    CHECK(s.versions[0] == osescan::facts::TlsVersionSupport{"TLSv1.3", true, ""});
    CHECK(s.versions[1] == osescan::facts::TlsVersionSupport{"TLSv1.2", true, ""});
    // The TLS 1.1 hello is answered with TLS 1.0: not TLS 1.1.
    CHECK(s.versions[2] == osescan::facts::TlsVersionSupport{"TLSv1.1", false, "answered TLSv1"});
    CHECK(s.versions[3] == osescan::facts::TlsVersionSupport{"TLSv1", true, ""});
    CHECK(s.versions[4] == osescan::facts::TlsVersionSupport{"SSLv3", false, "alert protocol_version (70)"});
    CHECK(s.versions[5] == osescan::facts::TlsVersionSupport{"SSLv2", false, "connection closed"});
    CHECK(s.handshakes >= 6);
    CHECK(server.longest_offer <= k_max_suites_per_hello + 1);  // + the SCSV of SSLv3
}

TEST_CASE("tls scan strategy: a malformed reply is a refusal with a note") {
    FakeServer server;
    server.versions = {wire::k_tls11, wire::k_tls12};
    server.malformed_tls11 = true;
    const auto result = run_scan(server, "versions", "");
    REQUIRE(result.ok());
    CHECK(result.value().versions[2].version == "TLSv1.1");
    CHECK_FALSE(result.value().versions[2].accepted);
    CHECK(result.value().versions[2].detail == "malformed ServerHello: ServerHello truncated by 3 bytes");
    REQUIRE_FALSE(result.value().notes.empty());
    CHECK(result.value().notes[0].find("malformed ServerHello") != std::string::npos);
}

TEST_CASE("tls scan strategy: ciphers in the server's order") {
    FakeServer server;
    server.suites = {0x1302, 0x1301, 0x009C, 0xC030, 0xC02F};
    const auto r12 = run_scan(server, "ciphers", "TLSv1.2");
    REQUIRE(r12.ok());
    CHECK(ids(r12.value().suites) == std::vector<uint32_t>{0x009C, 0xC030, 0xC02F});
    CHECK(r12.value().suites[0].name == "TLS_RSA_WITH_AES_128_GCM_SHA256");
    CHECK(r12.value().order == "server");
    // 3 accepted + one refusal per chunk of <= 128 suites + 2 order hellos (all found in the
    // first chunk: no derivation).
    const int chunks = static_cast<int>((suites_for_version(wire::k_tls12).size() + 127) / 128);
    CHECK(r12.value().handshakes == 3 + chunks + 2);
    CHECK(server.longest_offer <= k_max_suites_per_hello);

    const auto r13 = run_scan(server, "ciphers", "TLSv1.3");
    REQUIRE(r13.ok());
    CHECK(ids(r13.value().suites) == std::vector<uint32_t>{0x1302, 0x1301});
    CHECK(r13.value().order == "server");
}

TEST_CASE("tls scan strategy: suites found in one chunk come in the server's order, without derivation") {
    FakeServer server;
    server.suites = {0xC030, 0xC013, 0xC02F, 0xC028};
    const auto r12 = run_scan(server, "ciphers", "TLSv1.2");
    REQUIRE(r12.ok());
    CHECK(ids(r12.value().suites) == std::vector<uint32_t>{0xC030, 0xC013, 0xC02F, 0xC028});
    CHECK(r12.value().order == "server");
    // 4 accepted + one refusal per chunk + 2 order hellos; no n - 2 derivation hellos (each
    // a whole SMTP session after STARTTLS).
    const int chunks = static_cast<int>((suites_for_version(wire::k_tls12).size() + 127) / 128);
    CHECK(r12.value().handshakes == 4 + chunks + 2);

    // Found in two chunks (PSK suites are offered last): the order across them is derived.
    server.suites = {0xC02F, 0x00A8, 0xC030};
    const auto two = run_scan(server, "ciphers", "TLSv1.2");
    REQUIRE(two.ok());
    CHECK(ids(two.value().suites) == std::vector<uint32_t>{0xC02F, 0x00A8, 0xC030});
    CHECK(two.value().order == "server");
    CHECK(two.value().handshakes == 3 + chunks + 2 + 1);

    server.server_order = false;  // client order: the offer's first is chosen
    const auto client = run_scan(server, "ciphers", "TLSv1.2");
    REQUIRE(client.ok());
    CHECK(client.value().order == "client");
}

TEST_CASE("tls scan strategy: ciphers in the client's order, and one suite is n/a") {
    FakeServer server;
    server.server_order = false;
    server.suites = {0x009C, 0xC030, 0xC02F};
    const auto r = run_scan(server, "ciphers", "TLSv1.2");
    REQUIRE(r.ok());
    CHECK(r.value().order == "client");
    CHECK(r.value().suites.size() == 3);

    server.suites = {0xC02F};
    const auto one = run_scan(server, "ciphers", "TLSv1.2");
    REQUIRE(one.ok());
    CHECK(one.value().order == "n/a");
    CHECK(ids(one.value().suites) == std::vector<uint32_t>{0xC02F});
}

TEST_CASE("tls scan strategy: SSLv2 cipher kinds come in one SERVER-HELLO") {
    FakeServer server;
    server.versions = {wire::k_ssl2, wire::k_ssl3};
    const auto r = run_scan(server, "ciphers", "SSLv2");
    REQUIRE(r.ok());
    CHECK(ids(r.value().suites) == std::vector<uint32_t>{0x010080, 0x0700C0});
    CHECK(r.value().suites[1].name == "SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
    CHECK(r.value().order == "n/a");
    CHECK(r.value().handshakes == 1);
}

TEST_CASE("tls scan strategy: groups per version, and the DHE prime") {
    FakeServer server;
    server.groups = {0x0018, 0x001D, 0x11EC, 0x0100};
    server.suites = {0x1301, 0xC02F, 0x009E};
    server.dh_prime = k_modp1024;
    const auto r13 = run_scan(server, "groups", "TLSv1.3");
    REQUIRE(r13.ok());
    CHECK(ids(r13.value().groups) == std::vector<uint32_t>{0x0018, 0x001D, 0x11EC, 0x0100});
    CHECK(r13.value().groups[2].name == "X25519MLKEM768");
    CHECK(r13.value().handshakes == 5);
    CHECK(r13.value().dh.bits == 0);

    const auto r12 = run_scan(server, "groups", "TLSv1.2");
    REQUIRE(r12.ok());
    CHECK(ids(r12.value().groups) == std::vector<uint32_t>{0x0018, 0x001D});
    CHECK(r12.value().dh.bits == 1024);
    CHECK(r12.value().dh.name == "modp1024");
    CHECK(r12.value().dh.prime_sha256 == "3f35a3f5f6c4376a744acad409bb22f8d897f949d2311d885adaa890981b67a0");
}

TEST_CASE("tls scan strategy: identify_dh_group") {
    auto p = k_modp1024;
    p.insert(p.begin(), 0);  // a leading zero (DER-style) does not change the group
    CHECK(identify_dh_group(p).name == "modp1024");
    CHECK(identify_dh_group(p).bits == 1024);
    p.back() ^= 2;
    CHECK(identify_dh_group(p).name == "custom");
    CHECK(identify_dh_group({0x01, 0x00, 0x01}).bits == 17);
}

TEST_CASE("tls scan strategy: signature schemes, each the server's pick once its better ones are removed") {
    FakeServer server;
    server.schemes = {0x0804, 0x0401, 0x0201};
    const auto r = run_scan(server, "signatures", "TLSv1.2");
    REQUIRE(r.ok());
    CHECK(ids(r.value().signature_schemes) == std::vector<uint32_t>{0x0201, 0x0401, 0x0804});
    CHECK(r.value().handshakes == 3 + 1);  // one per scheme found, and the refusal of the rest
    CHECK(r.value().notes.empty());

    // A server that signs with its scheme whatever is offered: found once, then a note.
    FakeServer stubborn;
    stubborn.schemes = {0x0804};
    stubborn.ignores_signature_list = true;
    const auto s = run_scan(stubborn, "signatures", "TLSv1.2");
    REQUIRE(s.ok());
    CHECK(ids(s.value().signature_schemes) == std::vector<uint32_t>{0x0804});
    CHECK(s.value().handshakes == 2);
    REQUIRE(s.value().notes.size() == 1);
    CHECK(s.value().notes[0].find("the server signed with rsa_pss_rsae_sha256") != std::string::npos);

    server.suites = {0x009C};  // static RSA only: nothing signed
    const auto none = run_scan(server, "signatures", "TLSv1.2");
    REQUIRE(none.ok());
    CHECK(none.value().signature_schemes.empty());
    CHECK_FALSE(none.value().notes.empty());
}

TEST_CASE("tls scan strategy: features and the fallback SCSV") {
    FakeServer server;
    server.compression = true;
    server.ems = false;
    const auto versions = run_scan(server, "versions", "");
    REQUIRE(versions.ok());
    const auto f = run_scan(server, "features", "TLSv1.2", versions.value());
    REQUIRE(f.ok());
    CHECK(f.value().secure_renegotiation);
    CHECK_FALSE(f.value().extended_master_secret);
    CHECK(f.value().compression);
    CHECK(f.value().fallback_scsv == "honoured");
    CHECK(f.value().handshakes == 2);

    server.honour_fallback = false;
    CHECK(run_scan(server, "features", "TLSv1.2", versions.value()).value().fallback_scsv == "ignored");

    // Without the versions fact the strategy asks them itself.
    const auto own = run_scan(server, "features", "TLSv1.2");
    REQUIRE(own.ok());
    CHECK(own.value().fallback_scsv == "ignored");
    CHECK(own.value().handshakes >= 8);

    server.versions = {wire::k_tls12};
    const auto single = run_scan(server, "features", "TLSv1.2");
    REQUIRE(single.ok());
    CHECK(single.value().fallback_scsv == "n/a");

    // TLS 1.0 and 1.2 only: the fallback hello is at TLS 1.0.
    server.versions = {wire::k_tls10, wire::k_tls12};
    server.suites.push_back(0xC013);  // a suite TLS 1.0 can use
    server.honour_fallback = true;
    CHECK(run_scan(server, "features", "TLSv1.2").value().fallback_scsv == "honoured");
}

TEST_CASE("tls scan strategy: a server that goes silent half-way is an error, not a refusal") {
    FakeServer server;
    server.answers_before_silence = 3;
    const auto r = run_scan(server, "ciphers", "TLSv1.2");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == "timeout");
    CHECK(r.error().detail.find("after 3 answered") != std::string::npos);
}

TEST_CASE("tls scan strategy: requests it cannot answer") {
    const std::optional<TlsScan> none;
    CHECK(make_strategy({"192.0.2.1", 443, "", "signatures", "TLSv1.3", ""}, none).error.has_value());
    CHECK(make_strategy({"192.0.2.1", 443, "", "features", "TLSv1.3", ""}, none).error.has_value());
    CHECK(make_strategy({"192.0.2.1", 443, "", "ciphers", "TLSv9", ""}, none).error.has_value());
    CHECK(make_strategy({"192.0.2.1", 443, "", "colours", "", ""}, none).error.has_value());
    // STARTTLS: SMTP only (RFC 3207); another protocol's preamble is not spoken.
    CHECK(make_strategy({"192.0.2.1", 25, "", "versions", "", "imap"}, none).error.has_value());
    CHECK(make_strategy({"192.0.2.1", 25, "", "versions", "", "smtp"}, none).strategy != nullptr);
}

TEST_CASE("tls scan strategy: suites per version") {
    const auto tls13 = suites_for_version(wire::k_tls13);
    CHECK(tls13 == std::vector<uint16_t>{0x1301, 0x1302, 0x1303, 0x1304, 0x1305});
    const auto tls10 = suites_for_version(wire::k_tls10);
    CHECK(in(tls10, uint16_t{0x0005}));   // RC4
    CHECK(in(tls10, uint16_t{0x0003}));   // EXPORT
    CHECK(in(tls10, uint16_t{0xC013}));   // ECDHE CBC SHA
    CHECK_FALSE(in(tls10, uint16_t{0xC02F}));  // GCM: TLS 1.2
    const auto tls12 = suites_for_version(wire::k_tls12);
    CHECK(in(tls12, uint16_t{0xC02F}));
    CHECK(in(tls12, uint16_t{0xC0A8}));   // CCM_8
    CHECK_FALSE(in(tls12, uint16_t{0x1301}));
    CHECK_FALSE(in(tls12, uint16_t{0x00FF}));
}
