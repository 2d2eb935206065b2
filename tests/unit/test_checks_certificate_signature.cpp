// tls.certificate.signature
#include <doctest/doctest.h>

#include "checks/certificate/certificate_signature.hpp"
#include "tests/unit/checks_fixtures.hpp"
#include "tests/unit/mail_tls_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::checks::certificate::Rating;
using osescan::checks::certificate::rate_signature;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";

checks::Finding judge(std::vector<facts::Certificate> chain) {
    FactsFixture f;
    f.addresses({k_v4}, {});
    facts::TlsHandshake h = test::accepted_handshake();
    h.chain = std::move(chain);
    f.default_handshake(k_v4, h);
    const auto findings = checks::certificate::check_certificate_signature(f.replay());
    REQUIRE(findings.size() == 1);
    test::check_mail_certificate_twin(checks::certificate::check_certificate_signature, h, findings[0]);
    return findings[0];
}

facts::Certificate signed_with(const std::string& algorithm, const std::string& hash) {
    facts::Certificate c = test::leaf_certificate();
    c.signature_algorithm = algorithm;
    c.signature_hash = hash;
    return c;
}
}  // namespace

TEST_CASE("rate_signature") {
    CHECK(rate_signature(signed_with("sha256WithRSAEncryption", "SHA256")).rating == Rating::good);
    CHECK(rate_signature(signed_with("ecdsa-with-SHA384", "SHA384")).rating == Rating::good);
    CHECK(rate_signature(signed_with("sha512WithRSAEncryption", "SHA512")).rating == Rating::good);
    CHECK(rate_signature(signed_with("rsassaPss", "SHA2-256")).rating == Rating::good);
    CHECK(rate_signature(signed_with("ED25519", "")).rating == Rating::good);
    CHECK(rate_signature(signed_with("ED448", "")).rating == Rating::good);
    CHECK(rate_signature(signed_with("sha224WithRSAEncryption", "SHA224")).rating == Rating::sufficient);
    CHECK(rate_signature(signed_with("sha1WithRSAEncryption", "SHA1")).rating == Rating::insufficient);
    CHECK(rate_signature(signed_with("md5WithRSAEncryption", "MD5")).rating == Rating::insufficient);
    CHECK(rate_signature(signed_with("mystery", "")).rating == Rating::insufficient);
    CHECK(rate_signature(signed_with("sha256WithRSAEncryption", "SHA256")).description == "SHA-256");
    CHECK(rate_signature(signed_with("sha1WithRSAEncryption", "SHA1")).description == "SHA-1");
}

TEST_CASE("tls.certificate.signature: outcomes") {
    SUBCASE("SHA-256 leaf, SHA-384 intermediate: pass") {
        const auto f = judge({test::leaf_certificate(), test::intermediate_certificate()});
        CHECK(f.check_id == "tls.certificate.signature");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "strong-hashes");
        CHECK(f.evidence.at("certificates").at(0).at("signature_hash") == "SHA256");
        CHECK(f.evidence.at("certificates").at(1).at("signature_hash") == "SHA384");
        CHECK(f.evidence.at("certificates").at(1).at("rating") == "good");
    }
    SUBCASE("EdDSA: pass") {
        CHECK(judge({signed_with("ED25519", "")}).status == Status::pass);
    }
    SUBCASE("SHA-224: warn") {
        const auto f = judge({signed_with("sha224WithRSAEncryption", "SHA224")});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "sha224-hash");
    }
    SUBCASE("SHA-1 intermediate: fail naming it") {
        facts::Certificate intermediate = test::intermediate_certificate();
        intermediate.signature_algorithm = "sha1WithRSAEncryption";
        intermediate.signature_hash = "SHA1";
        const auto f = judge({test::leaf_certificate(), intermediate});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "weak-hash");
        CHECK(f.summary.find("intermediate SHA-1") != std::string::npos);
        CHECK(f.evidence.at("certificates").at(1).at("rating") == "insufficient");
    }
    SUBCASE("MD5 leaf: fail") {
        CHECK(judge({signed_with("md5WithRSAEncryption", "MD5")}).outcome == "weak-hash");
    }
    SUBCASE("a SHA-1 self-signed root the server sends along is not judged") {
        facts::Certificate root = test::root_certificate();
        root.signature_algorithm = "sha1WithRSAEncryption";
        root.signature_hash = "SHA1";
        const auto f = judge({test::leaf_certificate(), test::intermediate_certificate(), root});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("certificates").at(2).at("judged") == false);
    }
}
