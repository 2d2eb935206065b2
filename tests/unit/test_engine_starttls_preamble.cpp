// Why an SMTP conversation that ended without a socket gives no TLS: the words the handshake
// scanner's error carries (engine/smtp/starttls_preamble.hpp), so that a check says which.
#include <doctest/doctest.h>

#include "engine/smtp/starttls_preamble.hpp"

using osescan::engine::smtp::no_tls_reason;
using osescan::facts::SmtpSession;

TEST_CASE("starttls preamble: why there is no TLS") {
    SmtpSession session;
    session.greeting = {220, "220 mx.example.test ESMTP"};
    session.ehlo = {250, "250-mx.example.test\n250 PIPELINING"};
    CHECK(no_tls_reason(session) == "STARTTLS not offered in the reply to EHLO");

    session.starttls = {502, "502 5.5.1 not implemented"};  // offered, then refused (RFC 3207 §4)
    CHECK(no_tls_reason(session) == "STARTTLS refused: 502 5.5.1 not implemented");

    SmtpSession old;  // no ESMTP: EHLO not recognised, so no STARTTLS either
    old.ehlo = {500, "500 command unrecognized"};
    CHECK(no_tls_reason(old) == "EHLO not recognised (no ESMTP, hence no STARTTLS): 500 command unrecognized");
}
