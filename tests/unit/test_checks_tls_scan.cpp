// tls.ciphers, tls.cipher_order, tls.key_exchange, tls.kex_hash, tls.compression,
// tls.secure_renegotiation, tls.extended_master_secret, tls.post_quantum, tls.fallback_scsv:
// one SUBCASE per outcome from hand-built tls-scan facts, probe errors, IPv4 + IPv6, rounds.
#include <doctest/doctest.h>

#include "checks/tls/tls_scan_checks.hpp"
#include "tests/unit/tls_scan_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::tls;
using osescan::checks::Status;
using osescan::test::code;
using osescan::test::FactsFixture;
using osescan::test::judge_server;
using osescan::test::ScanServer;

namespace {
ScanServer tls13_only() {
    ScanServer s;
    s.accepted = {"TLSv1.3"};
    return s;
}
ScanServer no_tls() {
    ScanServer s;
    s.accepted = {};
    return s;
}
// legacy.example of the demo world: SSLv3 and TLS 1.0, RSA key exchange with RC4 and 3DES.
ScanServer legacy() {
    ScanServer s;
    s.accepted = {"TLSv1", "SSLv3"};
    const std::vector<facts::TlsCode> suites{code(0x0005, "TLS_RSA_WITH_RC4_128_SHA"),
                                             code(0x0004, "TLS_RSA_WITH_RC4_128_MD5"),
                                             code(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA")};
    s.suites = {{"TLSv1", suites}, {"SSLv3", suites}};
    s.groups = {};
    s.fallback_scsv = "ignored";
    return s;
}
}  // namespace

TEST_CASE("tls.ciphers: outcomes") {
    SUBCASE("only good and sufficient suites: pass, every suite classified in evidence") {
        const auto f = judge_server(check_tls_ciphers, ScanServer{});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "good-suites");
        const auto& suites = f.evidence.at("suites");
        REQUIRE(suites.size() == 6);
        CHECK(suites[0].at("name") == "TLS_AES_256_GCM_SHA384");
        CHECK(suites[0].at("version") == "TLSv1.3");
        CHECK(suites[0].at("class") == "good");
        CHECK(suites[0].at("id") == "0x1302");
        CHECK(suites[3].at("class") == "sufficient");
        CHECK_FALSE(f.evidence.contains("suggested_config"));
    }
    SUBCASE("ECDSA server with phase-out CBC-SHA384: warn, ECDSA line suggested") {
        ScanServer s;
        s.suites["TLSv1.2"].push_back(code(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"));
        const auto f = judge_server(check_tls_ciphers, s);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "phase-out-suites");
        CHECK(f.summary.find("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384") != std::string::npos);
        CHECK(f.evidence.at("suggested_config").at("key_type") == "ECDSA");
        CHECK(f.evidence.at("suggested_config").at("nginx").get<std::string>().find("ECDHE-ECDSA-AES256-GCM") !=
              std::string::npos);
        CHECK(f.evidence.at("suggested_config").at("Apache").get<std::string>().find("ECDHE-RSA") == std::string::npos);
    }
    SUBCASE("RSA server with static RSA and CBC-SHA1: fail, RSA line suggested, reasons given") {
        ScanServer s;
        s.suites["TLSv1.2"] = {code(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                               code(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
                               code(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA")};
        const auto f = judge_server(check_tls_ciphers, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "insufficient-suites");
        CHECK(f.summary.find("2 insufficient") != std::string::npos);
        CHECK(f.evidence.at("suggested_config").at("key_type") == "RSA");
        CHECK(f.evidence.at("suggested_config").at("Apache").get<std::string>().rfind("SSLCipherSuite ECDHE-RSA", 0) == 0);
        CHECK(f.evidence.at("suites")[5].at("reason") == "no forward secrecy (static key exchange)");
    }
    SUBCASE("insufficient TLS 1.3 suite (CCM_8) fails too; both key types suggested when unknown") {
        ScanServer s = tls13_only();
        s.suites["TLSv1.3"].push_back(code(0x1305, "TLS_AES_128_CCM_8_SHA256"));
        const auto f = judge_server(check_tls_ciphers, s);
        CHECK(f.outcome == "insufficient-suites");
        CHECK(f.evidence.at("suggested_config").at("key_type") == "unknown");
    }
    SUBCASE("legacy server: SSLv3 and TLS 1.0 RC4/3DES fail") {
        const auto f = judge_server(check_tls_ciphers, legacy());
        CHECK(f.status == Status::fail);
        CHECK(f.summary.find("3 insufficient") != std::string::npos);   // counted once across versions
    }
    SUBCASE("no TLS at all: not applicable") {
        const auto f = judge_server(check_tls_ciphers, no_tls());
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-tls");
    }
    SUBCASE("a ciphers probe error: error") {
        const auto f = test::judge_with_error(check_tls_ciphers, ScanServer{}, "ciphers", "TLSv1.2");
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
        CHECK(f.summary.find("ciphers scan") != std::string::npos);
        CHECK(f.summary.find("TLSv1.2") != std::string::npos);
    }
}

TEST_CASE("tls.cipher_order: outcomes") {
    SUBCASE("only good/sufficient suites: not applicable even in client order") {
        ScanServer s;
        s.order = {{"TLSv1.3", "client"}, {"TLSv1.2", "client"}};
        const auto f = judge_server(check_tls_cipher_order, s);
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "only-good-suites");
    }
    SUBCASE("server order with good suites before weaker ones: pass") {
        ScanServer s;
        s.suites["TLSv1.2"].push_back(code(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"));
        s.suites["TLSv1.2"].push_back(code(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"));
        const auto f = judge_server(check_tls_cipher_order, s);
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "server-order");
        CHECK(f.evidence.at("versions").at("TLSv1.2").at("order") == "server");
    }
    SUBCASE("server order with only insufficient suites: pass (world: legacy.example)") {
        const auto f = judge_server(check_tls_cipher_order, legacy());
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "server-order");
    }
    SUBCASE("client order with phase-out suites: fail (world: noorder.example)") {
        ScanServer s;
        s.suites["TLSv1.2"].push_back(code(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
        s.order["TLSv1.2"] = "client";
        const auto f = judge_server(check_tls_cipher_order, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "client-order");
        CHECK(f.summary.find("TLSv1.2") != std::string::npos);
    }
    SUBCASE("a mixed order counts as not enforced") {
        ScanServer s;
        s.suites["TLSv1.2"].push_back(code(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
        s.order["TLSv1.2"] = "mixed";
        CHECK(judge_server(check_tls_cipher_order, s).outcome == "client-order");
    }
    SUBCASE("server order preferring a phase-out suite over a sufficient one: fail") {
        ScanServer s;
        s.suites["TLSv1.2"].insert(s.suites["TLSv1.2"].begin(), code(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
        const auto f = judge_server(check_tls_cipher_order, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "weak-preferred");
        CHECK(f.evidence.at("violation").at("preferred") == "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
        CHECK(f.evidence.at("violation").at("over") == "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    }
    SUBCASE("one suite in all: nothing to order") {
        ScanServer s;
        s.accepted = {"TLSv1.2"};
        s.suites["TLSv1.2"] = {code(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA")};
        const auto f = judge_server(check_tls_cipher_order, s);
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "nothing-to-order");
    }
    SUBCASE("no TLS: not applicable") {
        CHECK(judge_server(check_tls_cipher_order, no_tls()).outcome == "no-tls");
    }
}

TEST_CASE("tls.key_exchange: outcomes") {
    SUBCASE("X25519, P-256, P-384: pass, groups per version in evidence") {
        const auto f = judge_server(check_tls_key_exchange, ScanServer{});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "good-groups");
        CHECK(f.evidence.at("versions").at("TLSv1.3").at("groups").size() == 3);
        CHECK(f.evidence.at("versions").at("TLSv1.2").at("groups").size() == 2);
        CHECK(f.evidence.at("post_quantum") == nlohmann::json::array());
    }
    SUBCASE("hybrid ML-KEM group: pass, reported as post-quantum evidence") {
        ScanServer s = tls13_only();
        s.groups["TLSv1.3"].insert(s.groups["TLSv1.3"].begin(), code(0x11EC, "X25519MLKEM768"));
        const auto f = judge_server(check_tls_key_exchange, s);
        CHECK(f.outcome == "good-groups");
        CHECK(f.evidence.at("post_quantum") == nlohmann::json::array({"X25519MLKEM768"}));
    }
    SUBCASE("P-224 accepted: warn") {
        ScanServer s;
        s.groups["TLSv1.2"].push_back(code(0x0015, "secp224r1"));
        const auto f = judge_server(check_tls_key_exchange, s);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "phase-out-groups");
        CHECK(f.summary.find("secp224r1") != std::string::npos);
    }
    SUBCASE("DHE with ffdhe3072: warn (NCSC-NL 2025-05: FFDHE is phase-out)") {
        ScanServer s;
        s.dh["TLSv1.2"] = facts::TlsDhGroup{3072, "ffdhe3072", "ab"};
        const auto f = judge_server(check_tls_key_exchange, s);
        CHECK(f.status == Status::warn);
        CHECK(f.evidence.at("versions").at("TLSv1.2").at("dh").at("class") == "phase-out");
    }
    SUBCASE("DHE with ffdhe2048: fail (insufficient since 2025-05)") {
        ScanServer s;
        s.dh["TLSv1.2"] = facts::TlsDhGroup{2048, "ffdhe2048", "cd"};
        const auto f = judge_server(check_tls_key_exchange, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "insufficient-groups");
        CHECK(f.summary.find("DH-2048 (ffdhe2048)") != std::string::npos);
    }
    SUBCASE("DHE with a custom 2048-bit group: fail (world: dhcustom.example)") {
        ScanServer s;
        s.dh["TLSv1.2"] = facts::TlsDhGroup{2048, "custom", "ef"};
        CHECK(judge_server(check_tls_key_exchange, s).status == Status::fail);
    }
    SUBCASE("DHE with 1024 bits: fail (world: dh1024.example)") {
        ScanServer s;
        s.dh["TLSv1.2"] = facts::TlsDhGroup{1024, "modp1024", "01"};
        CHECK(judge_server(check_tls_key_exchange, s).outcome == "insufficient-groups");
    }
    SUBCASE("only static RSA: not applicable (world: legacy.example; tls.ciphers fails it)") {
        const auto f = judge_server(check_tls_key_exchange, legacy());
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-ephemeral");
    }
    SUBCASE("no TLS: not applicable") {
        CHECK(judge_server(check_tls_key_exchange, no_tls()).outcome == "no-tls");
    }
    SUBCASE("a groups probe error: error") {
        const auto f = test::judge_with_error(check_tls_key_exchange, ScanServer{}, "groups", "TLSv1.3");
        CHECK(f.status == Status::error);
        CHECK(f.evidence.at("endpoint") == "198.51.100.20:443");
    }
}

TEST_CASE("tls.kex_hash: outcomes") {
    SUBCASE("SHA-256 and better only: pass") {
        const auto f = judge_server(check_tls_kex_hash, ScanServer{});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "sha2-only");
        CHECK(f.evidence.at("signature_schemes")[0].at("hash") == "SHA-256");
    }
    SUBCASE("SHA-224 accepted: warn") {
        ScanServer s;
        s.signatures.push_back(code(0x0303, "ecdsa_sha224"));
        const auto f = judge_server(check_tls_kex_hash, s);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "sha224-accepted");
    }
    SUBCASE("SHA-1 accepted: fail (world: sha1kex.example)") {
        ScanServer s;
        s.accepted = {"TLSv1.2"};
        s.signatures.push_back(code(0x0203, "ecdsa_sha1"));
        s.signatures.push_back(code(0x0303, "ecdsa_sha224"));
        const auto f = judge_server(check_tls_kex_hash, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "sha1-accepted");
        CHECK(f.summary.find("ecdsa_sha1") != std::string::npos);
    }
    SUBCASE("no TLS 1.2: not applicable (world: pq.example, legacy.example)") {
        CHECK(judge_server(check_tls_kex_hash, tls13_only()).outcome == "no-tls12");
        const auto f = judge_server(check_tls_kex_hash, legacy());
        CHECK(f.status == Status::not_applicable);
    }
    SUBCASE("TLS 1.2 without a signed key exchange: not applicable") {
        ScanServer s;
        s.signatures.clear();
        const auto f = judge_server(check_tls_kex_hash, s);
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-signed-key-exchange");
    }
    SUBCASE("a signatures probe error: error") {
        const auto f = test::judge_with_error(check_tls_kex_hash, ScanServer{}, "signatures", "TLSv1.2");
        CHECK(f.status == Status::error);
    }
}

TEST_CASE("tls.compression: outcomes") {
    SUBCASE("off: pass") {
        const auto f = judge_server(check_tls_compression, ScanServer{});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "compression-off");
        CHECK(f.evidence.at("versions").at("TLSv1.2").at("compression_off") == true);
    }
    SUBCASE("on: fail") {
        ScanServer s;
        s.compression = true;
        const auto f = judge_server(check_tls_compression, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "compression-on");
    }
    SUBCASE("TLS 1.3 only: pass") {
        const auto f = judge_server(check_tls_compression, tls13_only());
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "tls13-only");
    }
    SUBCASE("no TLS: not applicable") {
        CHECK(judge_server(check_tls_compression, no_tls()).outcome == "no-tls");
    }
    SUBCASE("a features probe error: error") {
        const auto f = test::judge_with_error(check_tls_compression, ScanServer{}, "features", "TLSv1.2");
        CHECK(f.status == Status::error);
    }
}

TEST_CASE("tls.secure_renegotiation: outcomes") {
    SUBCASE("supported: pass") {
        CHECK(judge_server(check_tls_secure_renegotiation, ScanServer{}).outcome == "supported");
    }
    SUBCASE("missing: fail naming the versions") {
        ScanServer s;
        s.secure_renegotiation = false;
        const auto f = judge_server(check_tls_secure_renegotiation, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "not-supported");
        CHECK(f.summary.find("TLSv1.2") != std::string::npos);
    }
    SUBCASE("TLS 1.3 only: pass (world: pq.example)") {
        const auto f = judge_server(check_tls_secure_renegotiation, tls13_only());
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "tls13-only");
    }
    SUBCASE("no TLS: not applicable") {
        CHECK(judge_server(check_tls_secure_renegotiation, no_tls()).status == Status::not_applicable);
    }
}

TEST_CASE("tls.extended_master_secret: outcomes") {
    SUBCASE("supported: pass") {
        CHECK(judge_server(check_tls_extended_master_secret, ScanServer{}).outcome == "ems-supported");
    }
    SUBCASE("TLS 1.2 without EMS: fail (world: noems.example)") {
        ScanServer s;
        s.extended_master_secret = false;
        const auto f = judge_server(check_tls_extended_master_secret, s);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "ems-missing");
    }
    SUBCASE("TLS 1.0 without EMS fails too; SSLv3 is not judged") {
        ScanServer s = legacy();
        s.features_override["TLSv1"] = facts::TlsScan{};
        s.features_override["TLSv1"].secure_renegotiation = true;
        const auto f = judge_server(check_tls_extended_master_secret, s);
        CHECK(f.outcome == "ems-missing");
        CHECK_FALSE(f.evidence.at("versions").contains("SSLv3"));
    }
    SUBCASE("TLS 1.3 only: pass (world: pq.example)") {
        const auto f = judge_server(check_tls_extended_master_secret, tls13_only());
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "no-tls12");
    }
    SUBCASE("no TLS: not applicable") {
        CHECK(judge_server(check_tls_extended_master_secret, no_tls()).outcome == "no-tls");
    }
}

TEST_CASE("tls.post_quantum: outcomes (not scored)") {
    SUBCASE("X25519MLKEM768 accepted: pass") {
        ScanServer s;
        s.groups["TLSv1.3"].insert(s.groups["TLSv1.3"].begin(), code(0x11EC, "X25519MLKEM768"));
        const auto f = judge_server(check_tls_post_quantum, s);
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "hybrid-accepted");
        CHECK(f.evidence.at("hybrid") == nlohmann::json::array({"X25519MLKEM768"}));
    }
    SUBCASE("SecP384r1MLKEM1024 counts as well") {
        ScanServer s = tls13_only();
        s.groups["TLSv1.3"] = {code(0x11ED, "SecP384r1MLKEM1024")};
        CHECK(judge_server(check_tls_post_quantum, s).outcome == "hybrid-accepted");
    }
    SUBCASE("classical groups only: info") {
        const auto f = judge_server(check_tls_post_quantum, ScanServer{});
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "no-hybrid");
        CHECK(f.summary.find("quantum computers") != std::string::npos);
    }
    SUBCASE("no TLS 1.3: info") {
        const auto f = judge_server(check_tls_post_quantum, legacy());
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "no-tls13");
    }
    SUBCASE("no TLS: not applicable") {
        CHECK(judge_server(check_tls_post_quantum, no_tls()).outcome == "no-tls");
    }
}

TEST_CASE("tls.fallback_scsv: outcomes") {
    SUBCASE("honoured: pass") {
        const auto f = judge_server(check_tls_fallback_scsv, ScanServer{});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "honoured");
        CHECK(f.evidence.at("versions").at("TLSv1.2") == "honoured");
    }
    SUBCASE("ignored: warn (world: legacy.example)") {
        const auto f = judge_server(check_tls_fallback_scsv, legacy());
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "ignored");
    }
    SUBCASE("one version only: pass (world: pq.example, notls13.example)") {
        CHECK(judge_server(check_tls_fallback_scsv, tls13_only()).outcome == "one-version");
        ScanServer s;
        s.accepted = {"TLSv1.2"};
        const auto f = judge_server(check_tls_fallback_scsv, s);
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "one-version");
    }
    SUBCASE("no TLS: not applicable") {
        CHECK(judge_server(check_tls_fallback_scsv, no_tls()).outcome == "no-tls");
    }
}

TEST_CASE("tls scan checks: live mode asks versions in round 1, every address's aspects in round 2") {
    FactsFixture f;
    f.addresses({test::k_scan_v4}, {test::k_scan_v6});
    {
        const facts::TargetFacts live = f.live();
        CHECK_THROWS_AS(check_tls_ciphers(live), facts::FactsPending);
        CHECK(test::missing_keys(live) == test::sorted_keys({f.scan_request(test::k_scan_v4, "versions"),
                                                             f.scan_request(test::k_scan_v6, "versions")}));
    }
    f.tls_scan(f.scan_request(test::k_scan_v4, "versions"), test::versions_fact({"TLSv1.3", "TLSv1.2"}));
    f.tls_scan(f.scan_request(test::k_scan_v6, "versions"), test::versions_fact({"TLSv1.3"}));
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(check_tls_key_exchange(live), facts::FactsPending);
    CHECK(test::missing_keys(live) == test::sorted_keys({f.scan_request(test::k_scan_v4, "groups", "TLSv1.3"),
                                                         f.scan_request(test::k_scan_v4, "groups", "TLSv1.2"),
                                                         f.scan_request(test::k_scan_v6, "groups", "TLSv1.3")}));
}

TEST_CASE("tls scan checks: the host's addresses cannot be found: one error finding") {
    FactsFixture f;
    f.addresses_error(test::probe_error(facts::probe_error::timeout));
    const auto findings = check_tls_fallback_scsv(f.replay());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::error);
}
