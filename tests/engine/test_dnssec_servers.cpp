#include "tests/engine/test_dnssec_servers.hpp"

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
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <variant>

#include "engine/dns/dns_message.hpp"
#include "engine/dns/dns_query.hpp"
#include "engine/dns/rr_types.hpp"

namespace osescan::engine::dnssec_test {

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

// Runs a fixed command line (paths of our own temporary directory only) and returns its
// standard output; throws with the output when it fails.
std::string run(const std::string& command) {
    std::string output;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    const int status = pclose(pipe);
    if (status != 0) throw std::runtime_error("failed (" + std::to_string(status) + "): " + command + "\n" + output);
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    return output;
}

std::string signature_time(std::time_t when) {
    std::tm tm{};
    gmtime_r(&when, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &tm);
    return text;
}

// The rcode of `name` `type` asked from address:port over UDP, or "" without an answer.
std::string ask(const std::string& address, int port, const std::string& name, uint16_t type, bool recursion) {
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return "";
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, address.c_str(), &sin.sin_addr);
    dns::DnsQuery query;
    query.name = name;
    query.type = type;
    query.recursion_desired = recursion;
    query.id = 4343;
    std::string error;
    const auto wire = dns::build_query(query, error);
    std::string rcode;
    if (wire && connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) == 0 &&
        send(fd, wire->data(), wire->size(), 0) == static_cast<ssize_t>(wire->size())) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 300) == 1) {
            std::vector<uint8_t> buffer(4096);
            const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
            if (n > 0) {
                auto parsed = dns::parse_dns_response(std::span<const uint8_t>(buffer.data(), static_cast<size_t>(n)));
                if (const auto* answer = std::get_if<facts::DnsAnswer>(&parsed)) rcode = answer->rcode;
            }
        }
    }
    close(fd);
    return rcode;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& output) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        const int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out >= 0) {
            dup2(out, 1);
            dup2(out, 2);
        }
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    setpgid(pid, pid);
    return pid;
}

void stop(pid_t& pid) {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {
        exited = waitpid(pid, &status, WNOHANG) == pid;
        if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!exited) {
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    kill(-pid, SIGKILL);  // children left in the group (normally none)
    pid = -1;
}

struct ZoneKeys {
    std::string ksk, zsk;  // key file base paths
};

ZoneKeys make_keys(const std::string& keys_dir, const std::string& zone) {
    const std::string ksk = run("cd " + keys_dir + " && ldns-keygen -a ECDSAP256SHA256 -k " + zone);
    const std::string zsk = run("cd " + keys_dir + " && ldns-keygen -a ECDSAP256SHA256 " + zone);
    return {keys_dir + "/" + ksk, keys_dir + "/" + zsk};
}

// The DS line ldns-keygen wrote next to a KSK ("good.\t3600\tIN\tDS\t...").
std::string ds_line(const std::string& key_base) { return read_file(key_base + ".ds"); }

std::string child_zone(const std::string& zone) {
    return "$ORIGIN " + zone + ".\n$TTL 300\n"
           "@    IN SOA ns.child-servers. hostmaster." + zone + ". 1 3600 900 604800 300\n"
           "@    IN NS  ns.child-servers.\n"
           "@    IN A   127.0.0.80\n"
           "www  IN A   127.0.0.80\n";
}

}  // namespace

class NsdServer {
public:
    NsdServer(const std::string& dir, const std::string& address,
              const std::vector<std::pair<std::string, std::string>>& zones)
        : m_address(address), m_probe_zone(zones.front().first) {
        std::filesystem::create_directories(dir);
        std::string config = "server:\n"
                             "    ip-address: " + address + "@53\n"
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
                             "    control-enable: no\n";
        for (const auto& [name, file] : zones)
            config += "zone:\n    name: \"" + name + "\"\n    zonefile: \"" + file + "\"\n";
        write_file(dir + "/nsd.conf", config);
        m_output = dir + "/nsd.out";
        m_pid = spawn({"nsd", "-d", "-c", dir + "/nsd.conf"}, m_output);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (ask(m_address, 53, m_probe_zone, dns::rr_type::soa, false) != "NOERROR") {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                throw std::runtime_error("nsd on " + address + " exited: " + read_file(m_output) +
                                         read_file(dir + "/nsd.log"));
            }
            if (std::chrono::steady_clock::now() > deadline) {
                stop(m_pid);
                throw std::runtime_error("nsd on " + address + " did not answer within 10 s: " + read_file(m_output));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ~NsdServer() { stop(m_pid); }
    NsdServer(const NsdServer&) = delete;
    NsdServer& operator=(const NsdServer&) = delete;

private:
    std::string m_address;
    std::string m_probe_zone;
    std::string m_output;
    pid_t m_pid = -1;
};

SignedTree::SignedTree() {
    char pattern[] = "/tmp/osescan-dnssec-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        m_why = "mkdtemp failed";
        return;
    }
    m_dir = pattern;
    m_prefix = "127.53." + std::to_string(20 + getpid() % 200) + ".";
    m_root_address = m_prefix + "1";
    m_child_address = m_prefix + "2";
    if (geteuid() != 0) {
        m_why = "binding port 53 needs root";
        return;
    }
    try {
        build();
        m_available = true;
    } catch (const std::exception& e) {
        m_servers.clear();
        m_why = e.what();
    }
}

SignedTree::~SignedTree() {
    m_servers.clear();  // stops nsd first
    if (!m_dir.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }
}

std::string SignedTree::hints_for(const std::string& address, const std::string& file_name) const {
    const std::string path = m_dir + "/" + file_name;
    write_file(path, ".                    3600000 IN NS a.root-servers.tree.\n"
                     "a.root-servers.tree. 3600000 IN A  " + address + "\n");
    return path;
}

void SignedTree::build() {
    const std::string keys = m_dir + "/keys";
    std::filesystem::create_directories(keys);
    const std::time_t now = std::time(nullptr);
    const std::string inception = signature_time(now - 3600);
    const std::string expiration = signature_time(now + 30 * 86400);
    auto sign = [&](const std::string& origin, const std::string& file, const ZoneKeys& k, const std::string& options) {
        run("ldns-signzone -o " + origin + " -f " + file + ".signed " + options + " " + file + " " + k.zsk + " " + k.ksk);
    };

    std::string root = "$TTL 3600\n"
                       ".  IN SOA a.root-servers.tree. hostmaster.root-servers.tree. 1 3600 900 604800 300\n"
                       ".  IN NS  a.root-servers.tree.\n"
                       "a.root-servers.tree. IN A " + m_root_address + "\n"
                       "ns.child-servers.    IN A " + m_child_address + "\n";
    std::vector<std::pair<std::string, std::string>> child_zones;
    struct Child {
        const char* name;
        const char* options;  // ldns-signzone options; nullptr = not signed
        bool decoy_ds;
    };
    const Child children[] = {
        {"good", "", false},
        {"expired", "-i 20200101000000 -e 20200201000000", false},
        {"dsmismatch", "", true},
        {"nsec3", "-n -t 5 -s ABCD", false},
        {"unsigned", nullptr, false},
    };
    for (const Child& child : children) {
        const std::string name = child.name;
        const std::string file = m_dir + "/" + name + ".zone";
        root += name + ". IN NS ns.child-servers.\n";
        write_file(file, child_zone(name));
        if (child.options == nullptr) {
            child_zones.push_back({name + ".", file});
            continue;
        }
        const ZoneKeys k = make_keys(keys, name + ".");
        std::string options = child.options;
        if (options.find("-i ") == std::string::npos) options += " -i " + inception + " -e " + expiration;
        sign(name + ".", file, k, options);
        // A key the zone never publishes: its DS at the parent matches no DNSKEY (RFC 4035 §5.2).
        root += ds_line(child.decoy_ds ? make_keys(keys, name + ".").ksk : k.ksk);
        child_zones.push_back({name + ".", file + ".signed"});
    }
    // The special-use TLD test. (RFC 6761 §6.2), as a classroom root would serve it: signed,
    // with a signed child and a child whose signatures expired (both DS'd in test.).
    std::string test_zone = "$ORIGIN test.\n$TTL 300\n"
                            "@    IN SOA ns.child-servers. hostmaster.test. 1 3600 900 604800 300\n"
                            "@    IN NS  ns.child-servers.\n"
                            "@    IN A   127.0.0.80\n";
    for (const auto& [name, options] : {std::pair<std::string, std::string>{"good.test", ""},
                                        {"bogus.test", "-i 20200101000000 -e 20200201000000"}}) {
        const std::string file = m_dir + "/" + name + ".zone";
        write_file(file, child_zone(name));
        const ZoneKeys k = make_keys(keys, name + ".");
        sign(name + ".", file, k, options.empty() ? "-i " + inception + " -e " + expiration : options);
        child_zones.push_back({name + ".", file + ".signed"});
        test_zone += name + ". IN NS ns.child-servers.\n" + ds_line(k.ksk);
    }
    const std::string test_file = m_dir + "/test.zone";
    write_file(test_file, test_zone);
    const ZoneKeys test_keys = make_keys(keys, "test.");
    sign("test.", test_file, test_keys, "-i " + inception + " -e " + expiration);
    child_zones.push_back({"test.", test_file + ".signed"});
    root += "test. IN NS ns.child-servers.\n" + ds_line(test_keys.ksk);

    const std::string root_file = m_dir + "/root.zone";
    write_file(root_file, root);
    const ZoneKeys root_keys = make_keys(keys, ".");
    sign(".", root_file, root_keys, "-i " + inception + " -e " + expiration);

    m_trust_anchor = m_dir + "/root.key";
    write_file(m_trust_anchor, ds_line(root_keys.ksk));
    m_root_hints = hints_for(m_root_address, "root.hints");

    m_servers.push_back(std::make_unique<NsdServer>(m_dir + "/nsd-root", m_root_address,
                                                    std::vector<std::pair<std::string, std::string>>{
                                                        {".", root_file + ".signed"}}));
    m_servers.push_back(std::make_unique<NsdServer>(m_dir + "/nsd-child", m_child_address, child_zones));
}

SignedTree& signed_tree() {
    static SignedTree tree;
    return tree;
}

UnboundDaemon::UnboundDaemon(const std::string& directory, const std::string& address, int port,
                             const std::string& hints, const std::string& trust_anchor) {
    const std::string dir = directory + "/unbound-" + address + "-" + std::to_string(port);
    std::filesystem::create_directories(dir);
    m_log = dir + "/unbound.log";
    write_file(dir + "/unbound.conf",
               "server:\n"
               "    interface: " + address + "@" + std::to_string(port) + "\n"
               "    access-control: 127.0.0.0/8 allow\n"
               "    username: \"\"\n"
               "    chroot: \"\"\n"
               "    directory: \"" + dir + "\"\n"
               "    pidfile: \"" + dir + "/unbound.pid\"\n"
               "    logfile: \"" + m_log + "\"\n"
               "    use-syslog: no\n"
               "    num-threads: 1\n"
               "    do-ip6: no\n"
               "    do-not-query-localhost: no\n"
               "    module-config: \"validator iterator\"\n"
               "    root-hints: \"" + hints + "\"\n"
               "    trust-anchor-file: \"" + trust_anchor + "\"\n"
               "    trust-anchor-signaling: no\n"
               "    root-key-sentinel: no\n"
               // The private root serves test. (RFC 6761 §6.2): unbound must ask it, not
               // answer NXDOMAIN from its built-in zone.
               "    local-zone: \"test.\" nodefault\n"
               "remote-control:\n"
               "    control-enable: no\n");
    m_pid = spawn({"unbound", "-d", "-c", dir + "/unbound.conf"}, dir + "/unbound.out");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (ask(address, port, "good", dns::rr_type::soa, true) != "NOERROR") {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid || std::chrono::steady_clock::now() > deadline) {
            stop(m_pid);
            throw std::runtime_error("unbound on " + address + " did not start: " + read_file(dir + "/unbound.out") +
                                     read_file(m_log));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

UnboundDaemon::~UnboundDaemon() { stop(m_pid); }

}  // namespace osescan::engine::dnssec_test
