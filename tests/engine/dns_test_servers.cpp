#include "tests/engine/dns_test_servers.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <variant>
#include <vector>

#include "engine/dns/dns_message.hpp"
#include "engine/dns/dns_query.hpp"
#include "engine/dns/rr_types.hpp"

namespace osescan::engine::dns_test {

namespace {
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

// Binds a socket of `type` to address:port (0 = any free port); returns the fd or -1.
int bind_socket(int family, int type, const char* address, uint16_t port, uint16_t* bound_port = nullptr) {
    const int fd = socket(family, type | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (family == AF_INET) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        inet_pton(AF_INET, address, &sin->sin_addr);
        length = sizeof *sin;
    } else {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        inet_pton(AF_INET6, address, &sin6->sin6_addr);
        length = sizeof *sin6;
    }
    if (bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
        close(fd);
        return -1;
    }
    if (bound_port) {
        length = sizeof storage;
        getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
        *bound_port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&storage)->sin_port
                                              : reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
    }
    return fd;
}
}  // namespace

DnsTempDir::DnsTempDir() {
    char pattern[] = "/tmp/osescan-dns-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

DnsTempDir::~DnsTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

uint16_t free_dns_port(const std::vector<std::string>& addresses) {
    auto family_of = [](const std::string& address) { return address.find(':') == std::string::npos ? AF_INET : AF_INET6; };
    for (int attempt = 0; attempt < 50; ++attempt) {
        uint16_t port = 0;
        const int probe = bind_socket(family_of(addresses.front()), SOCK_DGRAM, addresses.front().c_str(), 0, &port);
        if (probe < 0) continue;
        close(probe);
        bool free_everywhere = true;
        for (const std::string& address : addresses) {
            for (int type : {SOCK_DGRAM, SOCK_STREAM}) {
                const int fd = bind_socket(family_of(address), type, address.c_str(), port);
                if (fd < 0) free_everywhere = false;
                else close(fd);
            }
        }
        if (free_everywhere) return port;
    }
    throw std::runtime_error("no free port for the test DNS server");
}

NsdProcess::NsdProcess(const std::string& zone_name, const std::string& zone_text,
                       const std::string& broken_zone_name)
    : m_zone_name(zone_name), m_port(free_dns_port()) {
    const std::string dir = m_dir.path();
    write_file(dir + "/zone.txt", zone_text);
    const std::string port = std::to_string(m_port);
    write_file(dir + "/nsd.conf",
               "server:\n"
               "    ip-address: 127.0.0.1@" + port + "\n"
               "    ip-address: ::1@" + port + "\n"
               "    username: \"\"\n"
               "    chroot: \"\"\n"
               "    zonesdir: \"" + dir + "\"\n"
               "    database: \"\"\n"
               "    zonelistfile: \"" + dir + "/zone.list\"\n"
               "    xfrdfile: \"" + dir + "/xfrd.state\"\n"
               "    xfrdir: \"" + dir + "\"\n"
               "    pidfile: \"" + dir + "/nsd.pid\"\n"
               "    logfile: \"" + dir + "/nsd.log\"\n"
               "    server-count: 1\n"
               "    verbosity: 1\n"
               "remote-control:\n"
               "    control-enable: no\n"
               "zone:\n"
               "    name: " + zone_name + "\n"
               "    zonefile: \"" + dir + "/zone.txt\"\n"
               "zone:\n"
               "    name: " + broken_zone_name + "\n"
               "    zonefile: \"" + dir + "/missing-zone-file.txt\"\n");

    const std::string config = dir + "/nsd.conf";
    const std::string output = dir + "/nsd.out";
    m_pid = fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        // Own process group, so that stop() reaches nsd's server and xfrd children too.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        const int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out >= 0) {
            dup2(out, 1);
            dup2(out, 2);
        }
        execlp("nsd", "nsd", "-d", "-c", config.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    setpgid(m_pid, m_pid);  // also from the parent: no race with kill(-pid) in stop()

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!(answers("127.0.0.1") && answers("::1"))) {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("nsd exited: " + read_file(output) + read_file(dir + "/nsd.log"));
        }
        if (std::chrono::steady_clock::now() > deadline) {
            stop();
            throw std::runtime_error("nsd did not answer within 10 s: " + read_file(output) +
                                     read_file(dir + "/nsd.log"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

NsdProcess::~NsdProcess() { stop(); }

void NsdProcess::stop() {
    if (m_pid <= 0) return;
    // SIGTERM to nsd's main process only: it stops and reaps its server and xfrd children
    // itself (signalling the whole group at once would orphan them as zombies).
    kill(m_pid, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {  // give it 5 s
        exited = waitpid(m_pid, &status, WNOHANG) == m_pid;
        if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!exited) {
        kill(-m_pid, SIGKILL);
        waitpid(m_pid, &status, 0);
    }
    kill(-m_pid, SIGKILL);  // anything of the group left behind (normally nothing)
    m_pid = -1;
}

bool NsdProcess::answers(const std::string& address) const {
    const int family = address.find(':') == std::string::npos ? AF_INET : AF_INET6;
    const int fd = bind_socket(family, SOCK_DGRAM, family == AF_INET ? "127.0.0.1" : "::1", 0);
    if (fd < 0) return false;
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (family == AF_INET) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(m_port);
        inet_pton(AF_INET, address.c_str(), &sin->sin_addr);
        length = sizeof *sin;
    } else {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(m_port);
        inet_pton(AF_INET6, address.c_str(), &sin6->sin6_addr);
        length = sizeof *sin6;
    }
    dns::DnsQuery query;
    query.name = m_zone_name;
    query.type = dns::rr_type::soa;
    query.recursion_desired = false;
    query.id = 4242;
    std::string error;
    const auto wire = dns::build_query(query, error);
    bool ok = false;
    if (wire && connect(fd, reinterpret_cast<sockaddr*>(&storage), length) == 0 &&
        send(fd, wire->data(), wire->size(), 0) == static_cast<ssize_t>(wire->size())) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 200) == 1) {
            std::vector<uint8_t> buffer(4096);
            const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
            if (n > 0) {
                auto parsed = dns::parse_dns_response(std::span<const uint8_t>(buffer.data(), static_cast<size_t>(n)));
                const auto* answer = std::get_if<facts::DnsAnswer>(&parsed);
                ok = answer && answer->rcode == "NOERROR" && !answer->answer.empty();
            }
        }
    }
    close(fd);
    return ok;
}

SilentUdpSocket::SilentUdpSocket() {
    m_fd = bind_socket(AF_INET, SOCK_DGRAM, "127.0.0.1", 0, &m_port);
    if (m_fd < 0) throw std::runtime_error("cannot bind the silent UDP socket");
}

SilentUdpSocket::~SilentUdpSocket() {
    if (m_fd >= 0) close(m_fd);
}

}  // namespace osescan::engine::dns_test
