#pragma once
// Observed<T>: what one probe saw, or how it ended when it could not see anything.
//
// Two vocabularies are kept apart on purpose (see engine/README.md): a ProbeError says
// *how a probe ended* ("timeout", "connection-refused", ...); whether the server complies
// is decided later by a check. A check that meets a ProbeError reports `error`, never
// `pass` or `fail`.

#include <string>
#include <utility>
#include <variant>

namespace osescan::facts {

// Stable kebab-case codes; they appear in JSON and in facts files.
namespace probe_error {
inline constexpr const char* timeout = "timeout";
inline constexpr const char* deadline = "deadline";                // whole-scan deadline hit
inline constexpr const char* connection_refused = "connection-refused";
inline constexpr const char* connection_reset = "connection-reset";
inline constexpr const char* unreachable = "unreachable";          // no route / net down
inline constexpr const char* dns_error = "dns-error";              // resolver failure (SERVFAIL, no server)
inline constexpr const char* tls_handshake_error = "tls-handshake-error";
// The local TLS library cannot send what was asked (e.g. SSLv3 on a no-ssl3 OpenSSL build,
// a cipher list that matches nothing it knows): says nothing about the server.
inline constexpr const char* client_unsupported = "client-unsupported";
inline constexpr const char* http_error = "http-error";            // malformed response etc.
inline constexpr const char* too_large = "too-large";              // a size bound was hit
inline constexpr const char* not_recorded = "not-recorded";        // replay: fact absent from file
inline constexpr const char* not_configured = "not-configured";    // e.g. no VRP source
inline constexpr const char* internal = "internal";
// SMTP (engine/smtp): the server said "not now" (a 4xx reply, RFC 5321 §4.2.1: greylisting,
// rate limits, "421 too many connections"), refused our client (a 5xx greeting or a 5xx
// to EHLO other than "command not recognised": often a block of the scanner's address), or
// sent something that is not an SMTP reply. The server's words are in the detail.
inline constexpr const char* smtp_temporary = "smtp-temporary";
inline constexpr const char* smtp_rejected = "smtp-rejected";
inline constexpr const char* smtp_protocol = "smtp-protocol";
}  // namespace probe_error

struct ProbeError {
    std::string kind;    // one of probe_error::*
    std::string detail;  // human-readable, may quote the remote side (untrusted)
    bool operator==(const ProbeError&) const = default;
};

template <class T>
class Observed {
public:
    Observed() : m_v(ProbeError{probe_error::internal, "empty observation"}) {}
    Observed(T value) : m_v(std::move(value)) {}            // NOLINT(implicit)
    Observed(ProbeError error) : m_v(std::move(error)) {}   // NOLINT(implicit)

    bool ok() const { return std::holds_alternative<T>(m_v); }
    const T& value() const { return std::get<T>(m_v); }
    T& value() { return std::get<T>(m_v); }
    const ProbeError& error() const { return std::get<ProbeError>(m_v); }
    const T* get() const { return std::get_if<T>(&m_v); }

private:
    std::variant<T, ProbeError> m_v;
};

}  // namespace osescan::facts
