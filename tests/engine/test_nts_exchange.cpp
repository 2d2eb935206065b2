// The NTS client (engine/nts) against real chronyd processes on loopback (Debian's chrony,
// run with -x: it never touches this machine's clock), with the test CA's certificates.
// Skipped (exit 77) where chronyd is not installed or cannot start.

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>

#include "engine/nts/ntp_client.hpp"
#include "engine/nts/nts_exchange.hpp"
#include "skips.hpp"
#include "tls_test_servers.hpp"

using namespace std::chrono_literals;
namespace facts = osescan::facts;
namespace nts = osescan::engine::nts;
namespace tls_test = osescan::engine::tls_test;

namespace {

constexpr const char* k_chronyd = "/usr/sbin/chronyd";

struct SharedPki {
    tls_test::TempDir dir;
    tls_test::TestPki pki{dir.path()};
};
const tls_test::TestPki& pki() {
    static SharedPki shared;
    return shared.pki;
}

uint16_t free_udp_port() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t length = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
    ::close(fd);
    return ntohs(a.sin_port);
}

bool accepts(uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

// chronyd in the foreground (-d) on 127.0.0.1: NTS-KE on `ke_port` with `cert` (when not
// empty), NTP on `ntp_port` (0 = no NTP socket), a local clock at stratum 10.
class Chrony {
public:
    Chrony(const std::string& cert, const std::string& key, uint16_t ntp_port) : m_ntp_port(ntp_port) {
        m_ke_port = tls_test::free_tcp_port("127.0.0.1");
        const std::string conf = m_dir.file("chrony.conf");
        std::ofstream out(conf);
        out << "local stratum 10\nallow all\ncmdport 0\nbindcmdaddress /\nbindaddress 127.0.0.1\n"
            << "pidfile " << m_dir.file("chronyd.pid") << "\nntsdumpdir " << m_dir.path() << "\n"
            << "port " << ntp_port << "\n";
        if (!cert.empty())
            out << "ntsservercert " << cert << "\nntsserverkey " << key << "\nntsport " << m_ke_port << "\n";
        out.close();
        m_pid = ::fork();
        if (m_pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            const std::string log = m_dir.file("chronyd.log");
            freopen(log.c_str(), "w", stdout);
            freopen(log.c_str(), "a", stderr);
            execl(k_chronyd, "chronyd", "-x", "-d", "-u", "root", "-f", conf.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 50; ++i) {
            std::this_thread::sleep_for(100ms);
            if (cert.empty() ? i >= 5 : accepts(m_ke_port)) {
                m_ready = true;
                break;
            }
            if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
                m_pid = -1;
                break;
            }
        }
    }
    ~Chrony() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    bool ready() const { return m_ready; }
    uint16_t ke_port() const { return m_ke_port; }
    uint16_t ntp_port() const { return m_ntp_port; }

private:
    tls_test::TempDir m_dir;
    pid_t m_pid = -1;
    uint16_t m_ke_port = 0;
    uint16_t m_ntp_port = 0;
    bool m_ready = false;
};

bool have_chronyd() {
    if (::access(k_chronyd, X_OK) != 0) {
        osescan::engine::test::skip("chronyd is not installed (apt-get install chrony)");
        return false;
    }
    return true;
}

const nts::NtsContext& context() {
    static nts::NtsContext shared = nts::make_nts_context(pki().ca_cert());
    return shared;
}

facts::NtsRequest request(uint16_t port) { return facts::NtsRequest{"www.example.test", "127.0.0.1", port}; }

}  // namespace

TEST_CASE("nts: a full NTS exchange with chronyd (key exchange, authenticated NTP, new cookies)") {
    if (!have_chronyd()) return;
    Chrony chrony(pki().ec_cert(), pki().ec_key(), free_udp_port());
    if (!chrony.ready()) return osescan::engine::test::skip("chronyd did not start");
    const auto observed = nts::nts_exchange(context(), request(chrony.ke_port()), 5000ms);
    REQUIRE(observed.ok());
    const facts::NtsExchange& e = observed.value();
    CHECK(e.tls.accepted);
    CHECK(e.tls.version == "TLSv1.3");
    CHECK(e.tls.alpn == "ntske/1");
    CHECK(e.tls.verify_ok);
    CHECK(e.tls.name_matches);
    CHECK(e.ke_completed);
    CHECK(e.next_protocols == std::vector<int>{0});
    CHECK(e.aead_algorithms == std::vector<int>{15});
    CHECK(e.cookies >= 1);
    CHECK(e.cookie_bytes > 0);
    CHECK(e.error_code == -1);
    // RFC 8915 §4.1.8: a server on another port than 123 says so.
    CHECK(e.ntp_port == chrony.ntp_port());
    CHECK(e.ntp.outcome == facts::ntp_outcome::ok);
    CHECK(e.ntp.sample.stratum == 10);  // chrony's "local stratum 10"
    CHECK(e.ntp.sample.mode == 4);
    CHECK(e.ntp.new_cookies >= 1);
    CHECK(std::abs(e.ntp.sample.offset_ms) < 1000);
    CHECK(e.ntp.sample.delay_ms < 1000);
}

TEST_CASE("nts: plain NTPv4 to chronyd, and to a closed port") {
    if (!have_chronyd()) return;
    Chrony chrony("", "", free_udp_port());
    if (!chrony.ready()) return osescan::engine::test::skip("chronyd did not start");
    auto observed = nts::ntp_query("127.0.0.1", chrony.ntp_port(), nullptr, 3000ms);
    REQUIRE(observed.ok());
    CHECK(observed.value().outcome == facts::ntp_outcome::ok);
    CHECK(observed.value().sample.version == 4);
    CHECK(observed.value().extension_fields == 0);
    // No NTS-KE server: the connection is refused.
    const auto refused = nts::nts_exchange(context(), request(tls_test::free_tcp_port("127.0.0.1")), 3000ms);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == facts::probe_error::connection_refused);
    // Nothing on the UDP port: ICMP port unreachable.
    const auto closed = nts::ntp_query("127.0.0.1", free_udp_port(), nullptr, 2000ms);
    REQUIRE(closed.ok());
    CHECK(closed.value().outcome == facts::ntp_outcome::refused);
}

TEST_CASE("nts: an expired NTS-KE certificate is recorded, the exchange still observed") {
    if (!have_chronyd()) return;
    Chrony chrony(pki().expired_cert(), pki().rsa_key(), free_udp_port());
    if (!chrony.ready()) return osescan::engine::test::skip("chronyd did not start");
    const auto observed = nts::nts_exchange(context(), request(chrony.ke_port()), 5000ms);
    REQUIRE(observed.ok());
    // The client completes the exchange whatever the certificate (its verdict is the
    // check's, from the recorded chain: nts.ke); the chain says it expired.
    REQUIRE(observed.value().tls.accepted);
    REQUIRE_FALSE(observed.value().tls.chain.empty());
    CHECK(observed.value().tls.chain.front().not_after < std::time(nullptr));
    CHECK(observed.value().tls.verify_ok);  // trust is judged without the time (TrustStore)
    CHECK(observed.value().ke_completed);
}

TEST_CASE("nts: NTS-KE answers but the NTP port is closed (chrony port 0)") {
    if (!have_chronyd()) return;
    Chrony chrony(pki().ec_cert(), pki().ec_key(), 0);
    if (!chrony.ready()) return osescan::engine::test::skip("chronyd did not start");
    const auto observed = nts::nts_exchange(context(), request(chrony.ke_port()), 3000ms);
    REQUIRE(observed.ok());
    CHECK(observed.value().ke_completed);
    CHECK(observed.value().ntp.outcome != facts::ntp_outcome::ok);
}
