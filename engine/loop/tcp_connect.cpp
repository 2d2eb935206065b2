#include "engine/loop/tcp_connect.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace osescan::engine {

namespace probe_error = facts::probe_error;

facts::ProbeError socket_error(int error, const std::string& what) {
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

ConnectStart start_tcp_connect(const std::string& address, uint16_t port) {
    ConnectStart out;
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* resolved = nullptr;
    const std::string service = std::to_string(port);
    // Numeric only (AI_NUMERICHOST): never a DNS lookup; accepts IPv6 zone ids.
    if (getaddrinfo(address.c_str(), service.c_str(), &hints, &resolved) != 0 || resolved == nullptr) {
        out.error = facts::ProbeError{probe_error::internal, "not an IP address: '" + address + "'"};
        return out;
    }
    const int fd = ::socket(resolved->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        out.error = socket_error(errno, "socket");
        freeaddrinfo(resolved);
        return out;
    }
    const int connected = ::connect(fd, resolved->ai_addr, resolved->ai_addrlen);
    const int connect_errno = errno;
    freeaddrinfo(resolved);
    if (connected != 0 && connect_errno != EINPROGRESS) {
        ::close(fd);
        out.error = socket_error(connect_errno, "connect");
        return out;
    }
    out.fd = fd;
    return out;
}

std::optional<facts::ProbeError> connect_result(int fd) {
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    if (error != 0) return socket_error(error, "connect");
    // A wake-up without a result (the fd number reused in the same loop turn): keep waiting.
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
        if (errno == ENOTCONN) return facts::ProbeError{};
        return socket_error(errno, "connect");
    }
    return std::nullopt;
}

}  // namespace osescan::engine
