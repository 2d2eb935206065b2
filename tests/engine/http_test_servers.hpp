#pragma once
// Real servers for the HTTP prober's tests, all on loopback and all cleaned up by their
// destructors: a temporary directory, a Debian nginx process, and a small TCP server on
// the test's own EventLoop that answers with a fixed script (or never answers).

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/loop/event_loop.hpp"

namespace osescan::engine::http_test {

// A directory under /tmp, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// A TCP port nothing listens on right now, on 127.0.0.1 and on ::1.
uint16_t free_tcp_port();

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

// A self-signed certificate for `name` (key.pem, cert.pem in `dir`), made with the
// openssl command-line tool. Throws when openssl fails.
void make_self_signed_certificate(const std::string& dir, const std::string& name);

// `nginx -p dir -c dir/nginx.conf` in the foreground (daemon off, master_process off),
// killed by the destructor, and by the kernel if the test process dies first.
class NginxProcess {
public:
    // Writes `config` to dir/nginx.conf, starts nginx and waits until every address:port
    // in `listening` accepts connections; throws (with nginx's error log) if it does not.
    NginxProcess(const std::string& dir, const std::string& config,
                 const std::vector<std::pair<std::string, uint16_t>>& listening);
    ~NginxProcess();
    NginxProcess(const NginxProcess&) = delete;
    NginxProcess& operator=(const NginxProcess&) = delete;

private:
    void stop();
    pid_t m_pid = -1;
};

// A TCP server on the test's EventLoop. Each connection: read the request until its
// blank line, then send `reply` (all at once, or one byte per `drip_interval` when that
// is not zero) and shut down the sending side. An empty reply means: accept and never
// answer. `close_at_once` closes each connection as soon as it is accepted.
class ScriptedTcpServer {
public:
    struct Script {
        std::string reply;
        std::chrono::milliseconds drip_interval{0};
        bool close_at_once = false;
    };
    ScriptedTcpServer(EventLoop& loop, const std::string& address, Script script);
    ~ScriptedTcpServer();
    ScriptedTcpServer(const ScriptedTcpServer&) = delete;
    ScriptedTcpServer& operator=(const ScriptedTcpServer&) = delete;

    uint16_t port() const { return m_port; }
    size_t accepted() const { return m_accepted; }

private:
    struct Connection {
        int fd = -1;
        std::string request;
        size_t sent = 0;
        bool replying = false;
    };
    void on_accept();
    void on_readable(int fd);
    void send_more(int fd);
    void drip(int fd);
    void close_connection(int fd);

    EventLoop& m_loop;
    Script m_script;
    int m_listener = -1;
    uint16_t m_port = 0;
    size_t m_accepted = 0;
    std::vector<Connection> m_connections;
    std::vector<EventLoop::TimerId> m_timers;
};

}  // namespace osescan::engine::http_test
