#pragma once
// tests/servers/tls_legacy_server.py run as a child process on loopback for the wire-level
// TLS tests: it plays SSLv2/SSLv3/RC4 and ML-KEM servers that Debian's OpenSSL cannot.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace osescan::engine::tls_test {

class LegacyTlsServer {
public:
    // `arguments` are the script's options (--versions, --ciphers, ...); the port is chosen
    // by the kernel (--port 0) and read from the script's "LISTENING <port>" line.
    LegacyTlsServer(const std::string& address, std::vector<std::string> arguments);
    ~LegacyTlsServer();
    LegacyTlsServer(const LegacyTlsServer&) = delete;
    LegacyTlsServer& operator=(const LegacyTlsServer&) = delete;
    uint16_t port() const { return m_port; }

private:
    pid_t m_pid = -1;
    uint16_t m_port = 0;
};

}  // namespace osescan::engine::tls_test
