// The served chain every certificate check reads (served_chain.hpp): a refused handshake or
// a handshake without a certificate is "could not tell" for each of them, in the same words.
#include <doctest/doctest.h>

#include "checks/certificate/certificate_key.hpp"
#include "checks/certificate/certificate_name.hpp"
#include "checks/certificate/certificate_signature.hpp"
#include "checks/certificate/certificate_trust.hpp"
#include "checks/certificate/certificate_validity.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {

constexpr const char* k_v4 = "198.51.100.10";

struct CertificateCheck {
    const char* id;
    std::vector<checks::Finding> (*run)(const facts::TargetFacts&);
};

const CertificateCheck k_checks[] = {{"tls.certificate.trust", checks::certificate::check_certificate_trust},
                                     {"tls.certificate.name", checks::certificate::check_certificate_name},
                                     {"tls.certificate.validity", checks::certificate::check_certificate_validity},
                                     {"tls.certificate.key", checks::certificate::check_certificate_key},
                                     {"tls.certificate.signature", checks::certificate::check_certificate_signature}};

checks::Finding judge(const CertificateCheck& check, const facts::TlsHandshake& handshake) {
    FactsFixture f;
    f.context.now = test::k_test_now;
    f.addresses({k_v4}, {});
    f.default_handshake(k_v4, handshake);
    const auto findings = check.run(f.replay());
    REQUIRE(findings.size() == 1);
    return findings[0];
}

}  // namespace

TEST_CASE("certificate checks: no chain to judge is an error of every check") {
    for (const CertificateCheck& check : k_checks) {
        CAPTURE(check.id);
        {  // the handshake was refused
            const auto f = judge(check, test::refused_handshake("alert: handshake failure"));
            CHECK(f.check_id == check.id);
            CHECK(f.status == Status::error);
            CHECK(f.outcome == "handshake-refused");
            CHECK(f.summary ==
                  "Could not tell: 198.51.100.10:443 refused the TLS handshake (alert: handshake failure), so no "
                  "certificate was seen");
            CHECK(f.evidence.at("handshake_failure") == "alert: handshake failure");
        }
        {  // accepted, but no certificate was sent
            facts::TlsHandshake handshake = test::accepted_handshake();
            handshake.chain.clear();
            const auto f = judge(check, handshake);
            CHECK(f.status == Status::error);
            CHECK(f.outcome == "no-certificate");
            CHECK(f.summary == "Could not tell: 198.51.100.10:443 sent no certificate");
        }
    }
}
