#pragma once
// What one SMTP conversation with one address of an MX host showed (engine/smtp): the
// greeting, the EHLO reply and its service extensions (RFC 5321 §4.1.1.1), whether
// STARTTLS (RFC 3207) was offered and accepted, and the TLS handshake that followed.
//
// A conversation that could not tell (no connection, a timeout, a dropped connection, a
// 4xx "try again later" reply at any step, a refusal of our client) is a ProbeError
// carrying the server's words, never a value: only a conversation that reached a
// definite answer about STARTTLS is recorded as a value.

#include <cstdint>
#include <string>
#include <vector>

namespace osescan::facts {

struct SmtpRequest {
    std::string address;  // IP literal
    uint16_t port = 25;
    std::string host;  // the MX host name: the SNI of the handshake, and the key of the
                       // per-host connection cap (--smtp-connections)
    bool operator==(const SmtpRequest&) const = default;
};

// One reply (RFC 5321 §4.2): the code and its text lines joined by "\n", made printable
// ASCII and bounded by the prober (untrusted).
struct SmtpReply {
    int code = 0;  // 0: the command was not sent
    std::string text;
    bool operator==(const SmtpReply&) const = default;
};

// SmtpSession, the observation, is in facts.hpp: it holds a TlsHandshake.
}  // namespace osescan::facts
