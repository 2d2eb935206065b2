#include "http_test_servers.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace osescan::engine::http_test {

namespace {

// Socket address of an IPv4 or IPv6 literal and port.
struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_UNSPEC;
};

SocketAddress socket_address(const std::string& address, uint16_t port) {
    SocketAddress a;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        a.length = sizeof(sockaddr_in);
        a.family = AF_INET;
    } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        a.length = sizeof(sockaddr_in6);
        a.family = AF_INET6;
    } else {
        throw std::runtime_error("not an IP address: " + address);
    }
    return a;
}

bool can_bind(const std::string& address, uint16_t port) {
    const SocketAddress a = socket_address(address, port);
    const int fd = socket(a.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const bool ok = bind(fd, reinterpret_cast<const sockaddr*>(&a.storage), a.length) == 0;
    close(fd);
    return ok;
}

bool accepts_connections(const std::string& address, uint16_t port) {
    const SocketAddress a = socket_address(address, port);
    const int fd = socket(a.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&a.storage), a.length) == 0;
    close(fd);
    return ok;
}

}  // namespace

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "osescan-http-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

uint16_t free_tcp_port() {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) break;
        SocketAddress a = socket_address("127.0.0.1", 0);
        socklen_t length = a.length;
        uint16_t port = 0;
        if (bind(fd, reinterpret_cast<sockaddr*>(&a.storage), a.length) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&a.storage), &length) == 0)
            port = ntohs(reinterpret_cast<sockaddr_in*>(&a.storage)->sin_port);
        close(fd);
        if (port != 0 && can_bind("::1", port)) return port;
    }
    throw std::runtime_error("no free TCP port on loopback");
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void make_self_signed_certificate(const std::string& dir, const std::string& name) {
    const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2"
                                " -subj /CN=" + name + " -addext subjectAltName=DNS:" + name +
                                " -keyout '" + dir + "/key.pem' -out '" + dir + "/cert.pem' >'" + dir +
                                "/openssl.log' 2>&1";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("openssl req failed: " + read_file(dir + "/openssl.log"));
}

NginxProcess::NginxProcess(const std::string& dir, const std::string& config,
                           const std::vector<std::pair<std::string, uint16_t>>& listening) {
    const std::string config_path = dir + "/nginx.conf";
    const std::string error_log = dir + "/error.log";
    const std::string output = dir + "/nginx.out";
    write_file(config_path, config);
    // Everything the child needs is prepared before fork(): after it, only
    // async-signal-safe calls.
    std::vector<std::string> args = {"nginx", "-e", error_log, "-p", dir + "/", "-c", config_path};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = getpid();

    m_pid = fork();
    if (m_pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (m_pid == 0) {
        // Dies with the test process even when it crashes before its destructors run.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        const int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out >= 0) {
            dup2(out, STDOUT_FILENO);
            dup2(out, STDERR_FILENO);
        }
        execvp("nginx", argv.data());
        _exit(127);
    }

    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (const auto& [address, port] : listening) {
        while (!accepts_connections(address, port)) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                throw std::runtime_error("nginx exited: " + read_file(output) + read_file(error_log));
            }
            if (std::chrono::steady_clock::now() > give_up) {
                stop();
                throw std::runtime_error("nginx did not start listening: " + read_file(error_log));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}

NginxProcess::~NginxProcess() { stop(); }

void NginxProcess::stop() {
    if (m_pid <= 0) return;
    kill(m_pid, SIGTERM);  // fast shutdown
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (waitpid(m_pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > give_up) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    m_pid = -1;
}

ScriptedTcpServer::ScriptedTcpServer(EventLoop& loop, const std::string& address, Script script)
    : m_loop(loop), m_script(std::move(script)) {
    SocketAddress a = socket_address(address, 0);
    m_listener = socket(a.family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_listener < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    socklen_t length = a.length;
    if (bind(m_listener, reinterpret_cast<sockaddr*>(&a.storage), a.length) != 0 || listen(m_listener, 16) != 0 ||
        getsockname(m_listener, reinterpret_cast<sockaddr*>(&a.storage), &length) != 0) {
        close(m_listener);
        throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
    }
    m_port = a.family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&a.storage)->sin_port)
                                 : ntohs(reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_port);
    m_loop.watch(m_listener, true, false, [this](bool, bool, bool) { on_accept(); });
}

ScriptedTcpServer::~ScriptedTcpServer() {
    for (auto id : m_timers) m_loop.cancel(id);
    for (auto& c : m_connections)
        if (c.fd >= 0) close_connection(c.fd);
    m_loop.unwatch(m_listener);
    close(m_listener);
}

void ScriptedTcpServer::on_accept() {
    for (;;) {
        const int fd = accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        ++m_accepted;
        if (m_script.close_at_once) {
            close(fd);
            continue;
        }
        m_connections.push_back(Connection{fd, {}, 0, false});
        m_loop.watch(fd, true, false, [this, fd](bool, bool writable, bool) {
            if (writable) send_more(fd);
            on_readable(fd);
        });
    }
}

void ScriptedTcpServer::on_readable(int fd) {
    for (auto& c : m_connections) {
        if (c.fd != fd) continue;
        char buffer[4096];
        for (;;) {
            const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n == 0) {
                close_connection(fd);
                return;
            }
            if (n < 0) break;  // EAGAIN (or an error the next read reports)
            if (c.request.size() < 65536) c.request.append(buffer, static_cast<size_t>(n));
        }
        if (c.replying || m_script.reply.empty() || c.request.find("\r\n\r\n") == std::string::npos) return;
        c.replying = true;
        if (m_script.drip_interval.count() == 0) {
            send_more(fd);
            return;
        }
        m_timers.push_back(m_loop.after(m_script.drip_interval, [this, fd] { drip(fd); }));
        return;
    }
}

void ScriptedTcpServer::drip(int fd) {
    for (auto& c : m_connections) {
        if (c.fd != fd) continue;
        if (c.sent < m_script.reply.size() && send(fd, m_script.reply.data() + c.sent, 1, MSG_NOSIGNAL) == 1) ++c.sent;
        if (c.sent == m_script.reply.size()) {
            shutdown(fd, SHUT_WR);
            return;
        }
        m_timers.push_back(m_loop.after(m_script.drip_interval, [this, fd] { drip(fd); }));
        return;
    }
}

void ScriptedTcpServer::send_more(int fd) {
    for (auto& c : m_connections) {
        if (c.fd != fd || !c.replying) continue;
        while (c.sent < m_script.reply.size()) {
            const ssize_t n = send(fd, m_script.reply.data() + c.sent, m_script.reply.size() - c.sent, MSG_NOSIGNAL);
            if (n <= 0) break;
            c.sent += static_cast<size_t>(n);
        }
        const bool more = c.sent < m_script.reply.size();
        if (!more) shutdown(fd, SHUT_WR);
        m_loop.watch(fd, true, more, [this, fd](bool, bool writable, bool) {
            if (writable) send_more(fd);
            on_readable(fd);
        });
        return;
    }
}

void ScriptedTcpServer::close_connection(int fd) {
    for (auto& c : m_connections) {
        if (c.fd != fd) continue;
        m_loop.unwatch(fd);
        close(fd);
        c.fd = -1;
        return;
    }
}

}  // namespace osescan::engine::http_test
