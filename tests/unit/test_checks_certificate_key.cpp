// tls.certificate.key
#include <doctest/doctest.h>

#include "checks/certificate/certificate_key.hpp"
#include "tests/unit/checks_fixtures.hpp"
#include "tests/unit/mail_tls_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::checks::certificate::Rating;
using osescan::checks::certificate::rate_key;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";

checks::Finding judge(std::vector<facts::Certificate> chain) {
    FactsFixture f;
    f.addresses({k_v4}, {});
    facts::TlsHandshake h = test::accepted_handshake();
    h.chain = std::move(chain);
    f.default_handshake(k_v4, h);
    const auto findings = checks::certificate::check_certificate_key(f.replay());
    REQUIRE(findings.size() == 1);
    test::check_mail_certificate_twin(checks::certificate::check_certificate_key, h, findings[0]);
    return findings[0];
}

facts::Certificate key(const std::string& type, int bits, const std::string& curve = "") {
    facts::Certificate c = test::leaf_certificate();
    c.key_type = type;
    c.key_bits = bits;
    c.curve = curve;
    return c;
}
}  // namespace

TEST_CASE("rate_key") {
    CHECK(rate_key(key("RSA", 4096)).rating == Rating::good);
    CHECK(rate_key(key("RSA", 3072)).rating == Rating::good);
    CHECK(rate_key(key("RSA", 3071)).rating == Rating::sufficient);
    CHECK(rate_key(key("RSA", 2048)).rating == Rating::sufficient);
    CHECK(rate_key(key("RSA", 2047)).rating == Rating::insufficient);
    CHECK(rate_key(key("RSA", 1024)).rating == Rating::insufficient);
    CHECK(rate_key(key("EC", 256, "P-256")).rating == Rating::good);
    CHECK(rate_key(key("EC", 384, "P-384")).rating == Rating::good);
    CHECK(rate_key(key("EC", 521, "P-521")).rating == Rating::good);
    CHECK(rate_key(key("EC", 256, "prime256v1")).rating == Rating::good);
    CHECK(rate_key(key("EC", 224, "P-224")).rating == Rating::sufficient);
    CHECK(rate_key(key("EC", 256, "brainpoolP256r1")).rating == Rating::insufficient);
    CHECK(rate_key(key("EC", 256, "secp256k1")).rating == Rating::insufficient);
    CHECK(rate_key(key("Ed25519", 253)).rating == Rating::good);
    CHECK(rate_key(key("Ed448", 456)).rating == Rating::good);
    CHECK(rate_key(key("DSA", 2048)).rating == Rating::insufficient);
    CHECK(rate_key(key("GOST2012", 256)).rating == Rating::insufficient);
    CHECK(rate_key(key("RSA", 2048)).description == "RSA 2048 bits");
    CHECK(rate_key(key("EC", 256, "P-256")).description == "EC P-256");
}

TEST_CASE("tls.certificate.key: outcomes") {
    SUBCASE("EC P-256 leaf, RSA 4096 intermediate: pass") {
        const auto f = judge({test::leaf_certificate(), test::intermediate_certificate()});
        CHECK(f.check_id == "tls.certificate.key");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "strong-keys");
        const auto& certs = f.evidence.at("certificates");
        CHECK(certs.at(0).at("key_type") == "EC");
        CHECK(certs.at(0).at("curve") == "P-256");
        CHECK(certs.at(0).at("rating") == "good");
        CHECK(certs.at(1).at("key_type") == "RSA");
        CHECK(certs.at(1).at("key_bits") == 4096);
        CHECK(certs.at(1).at("rating") == "good");
    }
    SUBCASE("RSA 2048 leaf: warn naming it") {
        const auto f = judge({key("RSA", 2048), test::intermediate_certificate()});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "sufficient-keys");
        CHECK(f.evidence.at("certificates").at(0).at("rating") == "sufficient");
        CHECK(f.summary.find("leaf RSA 2048 bits") != std::string::npos);
    }
    SUBCASE("P-224 leaf: warn") {
        CHECK(judge({key("EC", 224, "P-224")}).status == Status::warn);
    }
    SUBCASE("RSA 1024 intermediate: fail, worst wins over a warning leaf") {
        facts::Certificate intermediate = test::intermediate_certificate();
        intermediate.key_bits = 1024;
        const auto f = judge({key("RSA", 2048), intermediate});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "weak-keys");
        CHECK(f.summary.find("intermediate RSA 1024 bits") != std::string::npos);
        CHECK(f.summary.find("leaf") == std::string::npos);
    }
    SUBCASE("DSA leaf: fail") {
        CHECK(judge({key("DSA", 2048)}).outcome == "weak-keys");
    }
    SUBCASE("other curve: fail") {
        CHECK(judge({key("EC", 256, "brainpoolP256r1")}).status == Status::fail);
    }
    SUBCASE("Ed25519: pass") {
        CHECK(judge({key("Ed25519", 253)}).status == Status::pass);
    }
    SUBCASE("a weak root the server sends along is not judged") {
        facts::Certificate root = test::root_certificate();
        root.key_bits = 1024;
        const auto f = judge({test::leaf_certificate(), test::intermediate_certificate(), root});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("certificates").at(2).at("judged") == false);
        CHECK_FALSE(f.evidence.at("certificates").at(2).contains("rating"));
    }
    SUBCASE("a self-signed leaf is judged") {
        facts::Certificate leaf = key("RSA", 1024);
        leaf.self_signed = true;
        CHECK(judge({leaf}).status == Status::fail);
    }
}
