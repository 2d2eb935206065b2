#pragma once
// Sockets for the time-server probes, which run on a worker thread (see time_prober.hpp):
// non-blocking file descriptors waited on with poll() against a deadline, so that every
// network operation ends by the timeout, and failures named in the facts' vocabulary.

#include <chrono>
#include <optional>
#include <string>

#include "facts/facts.hpp"

namespace osescan::engine::nts {

using Deadline = std::chrono::steady_clock::time_point;

// Owns a file descriptor.
class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) : m_fd(fd) {}
    ~Socket();
    Socket(Socket&& other) noexcept : m_fd(other.release()) {}
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return m_fd; }
    int release() {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd = -1;
};

// A connected TCP (stream) or UDP (datagram) socket to `address`:`port`. For TCP the
// connection is complete when it returns.
facts::Observed<int> connect_to(const std::string& address, uint16_t port, bool datagram, Deadline deadline,
                                Socket& out);

// Waits until `fd` is readable (or writable); false on timeout.
bool wait_for(int fd, bool write, Deadline deadline);

// errno -> a ProbeError of the facts' vocabulary.
facts::ProbeError socket_error(int error, const std::string& what);

bool is_ip_literal(const std::string& text);

}  // namespace osescan::engine::nts
