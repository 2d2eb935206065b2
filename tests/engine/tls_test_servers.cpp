#include "tls_test_servers.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
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
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace osescan::engine::tls_test {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

// sockaddr for an IPv4 or IPv6 literal.
sockaddr_storage socket_address(const std::string& address, uint16_t port, socklen_t& length) {
    sockaddr_storage storage{};
    if (address.find(':') == std::string::npos) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) != 1) throw std::runtime_error("bad address " + address);
        length = sizeof(sockaddr_in);
    } else {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) != 1) throw std::runtime_error("bad address " + address);
        length = sizeof(sockaddr_in6);
    }
    return storage;
}

// A socket bound to address:0 (the kernel picks the port); `port` receives it.
int bound_socket(const std::string& address, uint16_t& port) {
    socklen_t length = 0;
    sockaddr_storage storage = socket_address(address, 0, length);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
        ::close(fd);
        throw std::runtime_error("bind " + address + ": " + std::strerror(errno));
    }
    sockaddr_storage bound{};
    socklen_t bound_length = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length);
    port = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                            : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
    return fd;
}

bool accepts_connections(const std::string& address, uint16_t port) {
    socklen_t length = 0;
    sockaddr_storage storage = socket_address(address, port, length);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&storage), length) == 0;
    ::close(fd);
    return connected;
}

constexpr const char* k_ca_config = R"([ ca ]
default_ca = test_ca
[ test_ca ]
database = DIR/index.txt
new_certs_dir = DIR
serial = DIR/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
x509_extensions = leaf_ext
[ policy_any ]
commonName = supplied
[ leaf_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.test,DNS:example.test,IP:127.0.0.1,IP:::1
)";

}  // namespace

TempDir::TempDir() {
    char pattern[] = "/tmp/osescan-tls-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

void TestPki::openssl(const std::string& arguments) const {
    const std::string log = m_dir + "/openssl.log";
    const std::string command = "cd '" + m_dir + "' && openssl " + arguments + " >'" + log + "' 2>&1 </dev/null";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("openssl " + arguments + " failed:\n" + read_text(log));
}

TestPki::TestPki(const std::string& dir) : m_dir(dir) {
    std::string config = k_ca_config;
    for (size_t at = config.find("DIR"); at != std::string::npos; at = config.find("DIR", at)) config.replace(at, 3, dir);
    write_text(dir + "/ca.cnf", config);
    write_text(dir + "/index.txt", "");
    write_text(dir + "/serial", "1000\n");
    const std::string sign = "ca -batch -notext -config ca.cnf -cert ca.crt -keyfile ca.key ";
    openssl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj '/CN=osescan test CA'");
    openssl("req -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr -subj '/CN=www.example.test'");
    openssl(sign + "-in rsa.csr -out rsa.crt -days 30");
    openssl(sign + "-in rsa.csr -out expired.crt -startdate 20200101000000Z -enddate 20200201000000Z");
    openssl(sign + "-in rsa.csr -out revoked.crt -days 30");
    openssl("ca -config ca.cnf -cert ca.crt -keyfile ca.key -revoke revoked.crt");
    openssl("req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.csr "
            "-subj '/CN=www.example.test'");
    openssl(sign + "-in ec.csr -out ec.crt -days 30");
    const std::string respond = "ocsp -index index.txt -rsigner ca.crt -rkey ca.key -CA ca.crt -issuer ca.crt -ndays 1 ";
    openssl(respond + "-cert rsa.crt -respout good.der");
    openssl(respond + "-cert revoked.crt -respout revoked.der");
    openssl(respond + "-cert ec.crt -respout ec.der");
}

uint16_t free_tcp_port(const std::string& address) {
    uint16_t port = 0;
    ::close(bound_socket(address, port));
    return port;
}

OpenSslServer::OpenSslServer(const std::string& dir, const std::string& address, std::vector<std::string> arguments) {
    m_port = free_tcp_port(address);
    const std::string accept = address.find(':') == std::string::npos
                                   ? address + ":" + std::to_string(m_port)
                                   : "[" + address + "]:" + std::to_string(m_port);
    std::vector<std::string> argv{"openssl", "s_server", "-www", "-accept", accept};
    if (address.find(':') != std::string::npos) argv.emplace_back("-6");
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    const std::string log = dir + "/s_server-" + std::to_string(m_port) + ".log";

    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (m_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test process
        const int null_in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (null_in < 0 || out < 0) _exit(126);
        dup2(null_in, 0);
        dup2(out, 1);
        dup2(out, 2);
        std::vector<char*> raw;
        for (auto& argument : argv) raw.push_back(argument.data());
        raw.push_back(nullptr);
        execvp("openssl", raw.data());
        _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts_connections(address, m_port)) {
        int status = 0;
        const bool exited = ::waitpid(m_pid, &status, WNOHANG) == m_pid;
        if (exited || std::chrono::steady_clock::now() > deadline) {
            if (exited) m_pid = -1;
            stop();
            throw std::runtime_error("openssl s_server did not start:\n" + read_text(log));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

OpenSslServer::~OpenSslServer() { stop(); }

void OpenSslServer::stop() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

SilentListener::SilentListener(const std::string& address) {
    m_fd = bound_socket(address, m_port);
    if (::listen(m_fd, 16) != 0) {
        ::close(m_fd);
        throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
    }
}

SilentListener::~SilentListener() { ::close(m_fd); }

HangUpServer::HangUpServer(EventLoop& loop, const std::string& address, bool reset)
    : m_loop(loop), m_reset(reset) {
    m_listener = bound_socket(address, m_port);
    if (::listen(m_listener, 16) != 0) {
        ::close(m_listener);
        throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
    }
    m_loop.watch(m_listener, true, false, [this](bool, bool, bool) { on_accept(); });
}

HangUpServer::~HangUpServer() {
    for (int fd : m_clients) {
        m_loop.unwatch(fd);
        ::close(fd);
    }
    m_loop.unwatch(m_listener);
    ::close(m_listener);
}

void HangUpServer::on_accept() {
    const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    m_clients.push_back(fd);
    m_loop.watch(fd, true, false, [this, fd](bool, bool, bool) { on_client_data(fd); });
}

void HangUpServer::on_client_data(int fd) {
    char buffer[4096];
    while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
    }
    if (m_reset) {
        const linger abort_on_close{1, 0};  // close() then sends RST instead of FIN
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    }
    m_loop.unwatch(fd);
    ::close(fd);
    std::erase(m_clients, fd);
}

size_t open_fd_count() {
    size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++count;
    return count;
}

}  // namespace osescan::engine::tls_test
