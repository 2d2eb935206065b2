#include "engine/nts/blocking_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace osescan::engine::nts {

Socket::~Socket() {
    if (m_fd >= 0) ::close(m_fd);
}

Socket& Socket::operator=(Socket&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = other.release();
    }
    return *this;
}

facts::ProbeError socket_error(int error, const std::string& what) {
    const std::string detail = what + ": " + std::strerror(error);
    switch (error) {
        case ECONNREFUSED: return {facts::probe_error::connection_refused, detail};
        case ETIMEDOUT: return {facts::probe_error::timeout, detail};
        case ECONNRESET:
        case EPIPE: return {facts::probe_error::connection_reset, detail};
        case ENETUNREACH:
        case EHOSTUNREACH:
        case EADDRNOTAVAIL:
        case ENETDOWN:
        case EHOSTDOWN:
        case EAFNOSUPPORT:
        case EACCES:
        case EPERM: return {facts::probe_error::unreachable, detail};
        default: return {facts::probe_error::internal, detail};
    }
}

bool is_ip_literal(const std::string& text) {
    in6_addr a6{};
    in_addr a4{};
    return inet_pton(AF_INET6, text.c_str(), &a6) == 1 || inet_pton(AF_INET, text.c_str(), &a4) == 1;
}

bool wait_for(int fd, bool write, Deadline deadline) {
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, static_cast<short>(write ? POLLOUT : POLLIN), 0};
        const int n = ::poll(&p, 1, static_cast<int>(left));
        if (n > 0) return true;
        if (n < 0 && errno != EINTR) return true;  // the next read/write reports the error
    }
}

facts::Observed<int> connect_to(const std::string& address, uint16_t port, bool datagram, Deadline deadline,
                                Socket& out) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        length = sizeof *v4;
    } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        length = sizeof *v6;
    } else {
        return facts::ProbeError{facts::probe_error::internal, "not an IP address: " + address};
    }
    const int fd = ::socket(storage.ss_family, (datagram ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return socket_error(errno, "socket");
    out = Socket(fd);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&storage), length) == 0) return 0;
    if (errno != EINPROGRESS) return socket_error(errno, "connect");
    if (!wait_for(fd, true, deadline))
        return facts::ProbeError{facts::probe_error::timeout, "connect: no answer within the timeout"};
    int error = 0;
    socklen_t error_length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_length);
    if (error != 0) return socket_error(error, "connect");
    return 0;
}

}  // namespace osescan::engine::nts
