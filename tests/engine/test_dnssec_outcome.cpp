// What the validator makes of each kind of libunbound result (engine/dnssec/validation_outcome.hpp).
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "engine/dnssec/validation_outcome.hpp"

using osescan::engine::dnssec::to_observed;
using osescan::engine::dnssec::ValidationOutcome;
namespace pe = osescan::facts::probe_error;

namespace {

// A response: header (id 1, QR, RD, RA, RCODE), one question "a.test A", optionally one
// answer "a.test A 198.51.100.1" (a documentation address, never contacted).
std::vector<uint8_t> response(uint8_t rcode, bool with_answer) {
    std::vector<uint8_t> m{0x00, 0x01, 0x81, static_cast<uint8_t>(0x80 | rcode), 0x00, 0x01,
                           0x00, static_cast<uint8_t>(with_answer ? 1 : 0), 0x00, 0x00, 0x00, 0x00};
    const uint8_t question[] = {1, 'a', 4, 't', 'e', 's', 't', 0, 0x00, 0x01, 0x00, 0x01};
    m.insert(m.end(), std::begin(question), std::end(question));
    if (with_answer) {
        const uint8_t answer[] = {0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
                                  0x00, 0x04, 198,  51,   100,  1};
        m.insert(m.end(), std::begin(answer), std::end(answer));
    }
    return m;
}

}  // namespace

TEST_CASE("validation outcome: secure, insecure and bogus answers keep their records") {
    const std::vector<uint8_t> packet = response(0, true);
    ValidationOutcome outcome;
    outcome.packet = packet;
    outcome.secure = true;
    auto observed = to_observed(outcome);
    REQUIRE(observed.ok());
    CHECK(observed.value().security == "secure");
    CHECK(observed.value().rcode == "NOERROR");
    REQUIRE(observed.value().answer.size() == 1);
    CHECK(observed.value().answer[0].data == "198.51.100.1");

    outcome.secure = false;
    CHECK(to_observed(outcome).value().security == "insecure");

    outcome.bogus = true;
    outcome.rcode = 0;
    outcome.why_bogus = "validation failure <a.test. A IN>: signature expired";
    observed = to_observed(outcome);
    CHECK(observed.value().security == "bogus");
    CHECK(observed.value().why_bogus == "validation failure <a.test. A IN>: signature expired");
    CHECK(observed.value().answer.size() == 1);

    outcome.why_bogus.clear();
    CHECK(to_observed(outcome).value().why_bogus == "validation failed (no reason given)");
    outcome.why_bogus = std::string(5000, 'x');
    CHECK(to_observed(outcome).value().why_bogus.size() == osescan::engine::dnssec::k_max_why_bogus_bytes);
}

TEST_CASE("validation outcome: the rcode comes from the result; NXDOMAIN is an answer") {
    const std::vector<uint8_t> packet = response(3, false);
    ValidationOutcome outcome;
    outcome.packet = packet;
    outcome.rcode = 3;
    outcome.secure = true;
    const auto observed = to_observed(outcome);
    REQUIRE(observed.ok());
    CHECK(observed.value().nxdomain());
    CHECK(observed.value().answer.empty());
}

TEST_CASE("validation outcome: failures of the resolver are probe errors, not answers") {
    ValidationOutcome error;
    error.error = -2;
    error.error_text = "server failure";
    auto observed = to_observed(error);
    REQUIRE_FALSE(observed.ok());
    CHECK(observed.error().kind == pe::dns_error);
    CHECK(observed.error().detail == "validating resolver: server failure");

    // SERVFAIL without a validation failure: no server could be asked; nothing was learnt
    // about DNSSEC, so it must not look "insecure".
    const std::vector<uint8_t> servfail = response(2, false);
    ValidationOutcome lame;
    lame.packet = servfail;
    lame.rcode = 2;
    observed = to_observed(lame);
    REQUIRE_FALSE(observed.ok());
    CHECK(observed.error().kind == pe::dns_error);
    CHECK(observed.error().detail == "the validating resolver got no answer (SERVFAIL)");

    // A bogus SERVFAIL is an answer: bogus.
    lame.bogus = true;
    lame.why_bogus = "validation failure <a.test. A IN>: no signatures";
    observed = to_observed(lame);
    REQUIRE(observed.ok());
    CHECK(observed.value().security == "bogus");
    CHECK(observed.value().rcode == "SERVFAIL");

    const std::vector<uint8_t> garbage{0x00, 0x01, 0x81};
    ValidationOutcome malformed;
    malformed.packet = garbage;
    observed = to_observed(malformed);
    REQUIRE_FALSE(observed.ok());
    CHECK(observed.error().kind == pe::dns_error);
    CHECK(observed.error().detail.rfind("malformed validated answer: ", 0) == 0);

    ValidationOutcome odd_rcode;
    odd_rcode.rcode = -5;
    CHECK(to_observed(odd_rcode).error().kind == pe::dns_error);
}
