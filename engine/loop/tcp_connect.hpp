#pragma once
// Non-blocking TCP connects for the probes that own their sockets (TLS handshakes, SMTP),
// and how a socket-level failure ends a probe in the facts' vocabulary (facts/observed.hpp).

#include <cstdint>
#include <optional>
#include <string>

#include "facts/observed.hpp"

namespace osescan::engine {

// errno of a failed socket call -> ProbeError (connection-refused, timeout, unreachable, ...).
facts::ProbeError socket_error(int error, const std::string& what);

// Starts connecting to `address` (an IP literal, never looked up) on `port`: the socket
// (non-blocking, close-on-exec), to be watched for writability; or the error.
struct ConnectStart {
    int fd = -1;
    std::optional<facts::ProbeError> error;
};
ConnectStart start_tcp_connect(const std::string& address, uint16_t port);

// After the socket became writable: nullopt when connected; else the error, or a
// ProbeError with an empty kind for "no result yet, keep waiting".
std::optional<facts::ProbeError> connect_result(int fd);

}  // namespace osescan::engine
