#pragma once
// A real Postfix (Debian's) on loopback for the engine tests that speak SMTP (the SMTP
// prober, the handshake scanner after STARTTLS), run from a throwaway configuration
// directory: one master, one smtpd per service on its own free port, each with the
// test CA's EC leaf for www.example.test (main.cf) and the master.cf `-o` options it is
// given. Stopped (postfix stop) by the destructor.
//
// Postfix refuses to run its mail owner as uid 0, so it needs real root: cannot_run() says
// why a test must skip.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tls_test_servers.hpp"

namespace osescan::engine::tls_test {

// Why Postfix cannot run here (no root, no /usr/sbin/postfix), or nullopt.
std::optional<std::string> postfix_cannot_run();

// The test PKI, in a directory the postfix user can read.
const TestPki& postfix_pki();

class PostfixServer {
public:
    // One smtpd per entry of `services`: its master.cf options ("-o name=value ...").
    PostfixServer(const TestPki& pki, const std::vector<std::string>& services);
    ~PostfixServer();
    PostfixServer(const PostfixServer&) = delete;
    PostfixServer& operator=(const PostfixServer&) = delete;

    bool started() const { return m_started && listening(); }
    std::string log_file() const { return m_dir.file("postfix.log"); }
    std::string log() const;
    uint16_t port(size_t service) const { return m_ports.at(service); }

private:
    bool listening() const;
    TempDir m_dir;
    std::string m_config;
    bool m_started = false;
    std::vector<uint16_t> m_ports;
};

}  // namespace osescan::engine::tls_test
