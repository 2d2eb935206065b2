#include "tls_legacy_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace osescan::engine::tls_test {

LegacyTlsServer::LegacyTlsServer(const std::string& address, std::vector<std::string> arguments) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    std::vector<std::string> argv{"python3", std::string(OSESCAN_SOURCE_DIR) + "/tests/servers/tls_legacy_server.py",
                                  "--host", address, "--port", "0"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (m_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test process
        dup2(out[1], 1);
        ::close(out[0]);
        ::close(out[1]);
        std::vector<char*> raw;
        for (auto& argument : argv) raw.push_back(argument.data());
        raw.push_back(nullptr);
        execvp("python3", raw.data());
        _exit(127);
    }
    ::close(out[1]);
    std::string line;
    pollfd ready{out[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos && ::poll(&ready, 1, 10000) == 1) {
        char buffer[64];
        const ssize_t got = ::read(out[0], buffer, sizeof buffer);
        if (got <= 0) break;
        line.append(buffer, static_cast<size_t>(got));
    }
    ::close(out[0]);
    if (line.rfind("LISTENING ", 0) != 0) {
        this->~LegacyTlsServer();
        throw std::runtime_error("tls_legacy_server.py did not start: '" + line + "'");
    }
    m_port = static_cast<uint16_t>(std::stoi(line.substr(10)));
}

LegacyTlsServer::~LegacyTlsServer() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

}  // namespace osescan::engine::tls_test
