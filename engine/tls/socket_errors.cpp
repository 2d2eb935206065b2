#include "engine/tls/socket_errors.hpp"

#include <cerrno>
#include <cstring>

namespace osescan::engine::tls {

facts::ProbeError socket_error(int error, const std::string& what) {
    namespace probe_error = facts::probe_error;
    const std::string detail = what + ": " + std::strerror(error);
    switch (error) {
        case ECONNREFUSED: return {probe_error::connection_refused, detail};
        case ETIMEDOUT: return {probe_error::timeout, detail};
        case ECONNRESET:
        case EPIPE: return {probe_error::connection_reset, detail};
        case ENETUNREACH:
        case EHOSTUNREACH:
        case EADDRNOTAVAIL:
        case ENETDOWN:
        case EHOSTDOWN:
        case EAFNOSUPPORT:  // e.g. no IPv6 on this machine
        case EACCES:        // a local firewall rule
        case EPERM: return {probe_error::unreachable, detail};
        default: return {probe_error::internal, detail};
    }
}

}  // namespace osescan::engine::tls
