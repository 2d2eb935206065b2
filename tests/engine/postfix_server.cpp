#include "postfix_server.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

namespace osescan::engine::tls_test {

namespace {

constexpr const char* k_postfix = "/usr/sbin/postfix";

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

int run_quietly(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

// The internal services, as in Debian's master.cf (tlsmgr must have a limit of 1).
constexpr const char* k_internal_services =
    "pickup unix n - n 60 1 pickup\n"
    "cleanup unix n - n - 0 cleanup\n"
    "qmgr unix n - n 300 1 qmgr\n"
    "tlsmgr unix - - n 1000? 1 tlsmgr\n"
    "rewrite unix - - n - - trivial-rewrite\n"
    "bounce unix - - n - 0 bounce\n"
    "defer unix - - n - 0 bounce\n"
    "trace unix - - n - 0 bounce\n"
    "verify unix - - n - 1 verify\n"
    "proxymap unix - - n - - proxymap\n"
    "anvil unix - - n - 1 anvil\n"
    "scache unix - - n - 1 scache\n"
    "error unix - - n - - error\n"
    "retry unix - - n - - error\n"
    "postlog unix-dgram n - n - 1 postlogd\n";

struct SharedPki {
    TempDir dir;
    TestPki pki{dir.path()};
};

}  // namespace

std::optional<std::string> postfix_cannot_run() {
    if (::geteuid() != 0) return "needs root (Postfix will not run its mail owner as uid 0 in a user namespace)";
    if (::access(k_postfix, X_OK) != 0) return "no /usr/sbin/postfix (scripts/install-deps installs it)";
    return std::nullopt;
}

const TestPki& postfix_pki() {
    static SharedPki shared;
    ::chmod(shared.dir.path().c_str(), 0755);
    return shared.pki;
}

PostfixServer::PostfixServer(const TestPki& pki, const std::vector<std::string>& services) {
    ::chmod(m_dir.path().c_str(), 0755);  // the postfix user reaches its queue through it
    const std::string d = m_dir.path();
    ::mkdir((d + "/conf").c_str(), 0755);
    ::mkdir((d + "/queue").c_str(), 0755);
    ::mkdir((d + "/data").c_str(), 0755);
    run_quietly("chown postfix " + d + "/data");
    write_file(d + "/conf/main.cf",
               "compatibility_level = 3.6\n"
               "queue_directory = " +
                   d +
                   "/queue\n"
                   "data_directory = " +
                   d +
                   "/data\n"
                   "maillog_file = " +
                   d +
                   "/postfix.log\n"
                   "maillog_file_prefixes = " +
                   d +
                   "\n"
                   "myhostname = mx.example.test\n"
                   "mydestination =\n"
                   "inet_interfaces = 127.0.0.1\n"
                   "inet_protocols = ipv4\n"
                   "smtpd_tls_security_level = may\n"
                   "smtpd_tls_chain_files = " +
                   pki.ec_key() + ", " + pki.ec_cert() +
                   "\n"
                   "smtpd_relay_restrictions = reject\n"
                   "alias_maps =\nalias_database =\nlocal_recipient_maps =\nbiff = no\n");
    std::string master;
    for (const std::string& options : services) {
        m_ports.push_back(free_tcp_port("127.0.0.1"));
        master += "127.0.0.1:" + std::to_string(m_ports.back()) + " inet n - n - - smtpd " + options + "\n";
    }
    write_file(d + "/conf/master.cf", master + k_internal_services);
    m_config = d + "/conf";
    if (run_quietly(std::string(k_postfix) + " -c " + m_config + " start") != 0) {
        m_config.clear();
        return;
    }
    m_started = true;
    for (int i = 0; i < 100 && !listening(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

PostfixServer::~PostfixServer() {
    if (m_started) run_quietly(std::string(k_postfix) + " -c " + m_config + " stop");
}

std::string PostfixServer::log() const {
    std::ifstream in(log_file());
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool PostfixServer::listening() const {
    for (uint16_t port : m_ports)
        if (run_quietly("ss -Hltn 'sport = :" + std::to_string(port) + "' | grep -q .") != 0) return false;
    return true;
}

}  // namespace osescan::engine::tls_test
