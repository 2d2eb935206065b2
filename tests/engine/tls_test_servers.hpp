#pragma once
// Real servers and throwaway certificates for the TLS prober's tests, on loopback only,
// all cleaned up by destructors (also when a test fails half-way).

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/loop/event_loop.hpp"

namespace osescan::engine::tls_test {

// A directory under /tmp, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

// A test CA and leaf certificates made with the openssl command-line tool (`openssl ca`,
// so that past validity dates and an OCSP index are possible). All leaves are for
// www.example.test + example.test + 127.0.0.1 + ::1, serverAuth, issued by the CA.
class TestPki {
public:
    explicit TestPki(const std::string& dir);  // throws with openssl's output on failure

    std::string ca_cert() const { return m_dir + "/ca.crt"; }
    std::string rsa_key() const { return m_dir + "/rsa.key"; }      // RSA 2048
    std::string rsa_cert() const { return m_dir + "/rsa.crt"; }     // sha256WithRSAEncryption
    std::string expired_cert() const { return m_dir + "/expired.crt"; }  // rsa.key, 2020-01..02
    std::string revoked_cert() const { return m_dir + "/revoked.crt"; }  // rsa.key, revoked
    std::string ec_key() const { return m_dir + "/ec.key"; }        // P-256
    std::string ec_cert() const { return m_dir + "/ec.crt"; }
    // DER OCSP responses signed by the CA: rsa.crt good, revoked.crt revoked, ec.crt good.
    std::string staple_good() const { return m_dir + "/good.der"; }
    std::string staple_revoked() const { return m_dir + "/revoked.der"; }
    std::string staple_ec() const { return m_dir + "/ec.der"; }

private:
    void openssl(const std::string& arguments) const;
    std::string m_dir;
};

// A TCP port nothing listens on right now on `address`.
uint16_t free_tcp_port(const std::string& address);

// `openssl s_server -www -accept <address>:<port> <arguments>`, run until the destructor
// (and killed by the kernel if the test process dies first). The constructor waits until
// the port accepts connections and throws (with the server's output) if it never does.
class OpenSslServer {
public:
    OpenSslServer(const std::string& dir, const std::string& address, std::vector<std::string> arguments);
    ~OpenSslServer();
    OpenSslServer(const OpenSslServer&) = delete;
    OpenSslServer& operator=(const OpenSslServer&) = delete;
    uint16_t port() const { return m_port; }

private:
    void stop();
    pid_t m_pid = -1;
    uint16_t m_port = 0;
};

// A listening TCP socket that never accepts: the kernel completes connections into its
// backlog and nothing ever answers them.
class SilentListener {
public:
    explicit SilentListener(const std::string& address);
    ~SilentListener();
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    uint16_t port() const { return m_port; }

private:
    int m_fd = -1;
    uint16_t m_port = 0;
};

// A TCP server on the test's EventLoop that reads what a client sends first (the
// ClientHello) and then hangs up: with a FIN (`reset` false) or with a RST (`reset` true,
// SO_LINGER 0), never sending a byte.
class HangUpServer {
public:
    HangUpServer(EventLoop& loop, const std::string& address, bool reset);
    ~HangUpServer();
    HangUpServer(const HangUpServer&) = delete;
    HangUpServer& operator=(const HangUpServer&) = delete;
    uint16_t port() const { return m_port; }

private:
    void on_accept();
    void on_client_data(int fd);
    EventLoop& m_loop;
    bool m_reset;
    int m_listener = -1;
    uint16_t m_port = 0;
    std::vector<int> m_clients;
};

// Open file descriptors of this process (for leak checks).
size_t open_fd_count();

}  // namespace osescan::engine::tls_test
