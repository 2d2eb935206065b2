#pragma once
// Real servers for the DNS prober's tests, all on loopback and cleaned up by their
// destructors: a Debian nsd serving a small zone on 127.0.0.1 and ::1, and a UDP socket
// that receives queries and never answers.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace osescan::engine::dns_test {

// A directory under /tmp, removed with everything in it.
class DnsTempDir {
public:
    DnsTempDir();
    ~DnsTempDir();
    DnsTempDir(const DnsTempDir&) = delete;
    DnsTempDir& operator=(const DnsTempDir&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// A port the kernel says is free right now for UDP and TCP on every one of `addresses`.
uint16_t free_dns_port(const std::vector<std::string>& addresses = {"127.0.0.1", "::1"});

// `nsd -d -c <dir>/nsd.conf` as root without privilege drop or chroot, listening on
// 127.0.0.1 and ::1 at port(). Serves `zone_text` as zone `zone_name` and declares
// `broken_zone_name` with a zone file that does not exist (nsd answers SERVFAIL for it).
// The constructor waits until nsd answers over UDP on both addresses and throws (with
// nsd's log) if it does not within 10 s. The destructor kills nsd and its children;
// PR_SET_PDEATHSIG kills it if the test process dies first.
class NsdProcess {
public:
    NsdProcess(const std::string& zone_name, const std::string& zone_text, const std::string& broken_zone_name);
    ~NsdProcess();
    NsdProcess(const NsdProcess&) = delete;
    NsdProcess& operator=(const NsdProcess&) = delete;

    uint16_t port() const { return m_port; }

private:
    void stop();
    bool answers(const std::string& address) const;

    DnsTempDir m_dir;
    std::string m_zone_name;
    uint16_t m_port = 0;
    pid_t m_pid = -1;
};

// A bound UDP socket on 127.0.0.1 that nobody reads: queries to it time out.
class SilentUdpSocket {
public:
    SilentUdpSocket();
    ~SilentUdpSocket();
    SilentUdpSocket(const SilentUdpSocket&) = delete;
    SilentUdpSocket& operator=(const SilentUdpSocket&) = delete;
    uint16_t port() const { return m_port; }

private:
    int m_fd = -1;
    uint16_t m_port = 0;
};

}  // namespace osescan::engine::dns_test
