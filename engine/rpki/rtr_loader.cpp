#include "engine/rpki/rtr_loader.hpp"

#include <fcntl.h>
#include <poll.h>
#include <rtrlib/rtrlib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "engine/rpki/rtrlib_address.hpp"
#include "engine/rpki/stderr_capture.hpp"

namespace osescan::engine::rpki {

namespace {

// ---------------------------------------------------------------- the pipe protocol
// Child -> parent frames:
//   'V' family(4|6) length max_length asn(4, big endian) address(16)   one VRP
//   'E' size(2, big endian) text                                       failure, then end
//   'D' count(4, big endian)                                           all sent, then end
constexpr size_t k_vrp_frame = 1 + 1 + 1 + 1 + 4 + 16;
constexpr size_t k_max_error_text = 1024;
constexpr std::chrono::milliseconds k_kill_grace{2000};

void put32(uint8_t* out, uint32_t value) {
    out[0] = static_cast<uint8_t>(value >> 24);
    out[1] = static_cast<uint8_t>(value >> 16);
    out[2] = static_cast<uint8_t>(value >> 8);
    out[3] = static_cast<uint8_t>(value);
}
uint32_t get32(const uint8_t* in) {
    return (uint32_t{in[0]} << 24) | (uint32_t{in[1]} << 16) | (uint32_t{in[2]} << 8) | uint32_t{in[3]};
}

// ---------------------------------------------------------------- the child

class FrameWriter {
public:
    explicit FrameWriter(int fd) : m_fd(fd) {}
    void vrp(const pfx_record& record) {
        uint8_t frame[k_vrp_frame] = {};
        frame[0] = 'V';
        const facts::IpAddress address = from_lrtr(record.prefix);
        frame[1] = address.v6 ? 6 : 4;
        frame[2] = record.min_len;
        frame[3] = record.max_len;
        put32(frame + 4, record.asn);
        std::memcpy(frame + 8, address.bytes.data(), 16);
        append(frame, sizeof frame);
        ++m_count;
    }
    void error(const std::string& text) {
        const std::string bounded = text.substr(0, k_max_error_text);
        const uint8_t header[3] = {'E', static_cast<uint8_t>(bounded.size() >> 8), static_cast<uint8_t>(bounded.size())};
        append(header, sizeof header);
        append(reinterpret_cast<const uint8_t*>(bounded.data()), bounded.size());
        flush();
    }
    void done() {
        uint8_t frame[5] = {'D'};
        put32(frame + 1, m_count);
        append(frame, sizeof frame);
        flush();
    }

private:
    void append(const uint8_t* data, size_t size) {
        m_buffer.insert(m_buffer.end(), data, data + size);
        if (m_buffer.size() >= 64 * 1024) flush();
    }
    void flush() {
        size_t done = 0;
        while (done < m_buffer.size()) {
            const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) _exit(3);  // the parent is gone
            done += static_cast<size_t>(n);
        }
        m_buffer.clear();
    }
    int m_fd;
    std::vector<uint8_t> m_buffer;
    uint32_t m_count = 0;
};

// Called from RTRlib's socket thread.
struct SyncState {
    std::mutex mutex;
    std::condition_variable changed;
    bool error = false;
    std::string socket_state;
};

void on_status(const rtr_mgr_group* /*group*/, rtr_mgr_status status, const rtr_socket* socket, void* data) {
    auto* state = static_cast<SyncState*>(data);
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (status == RTR_MGR_ERROR) {
            state->error = true;
            if (socket) state->socket_state = rtr_state_to_str(socket->state);
        }
    }
    state->changed.notify_all();
}

void send_record(const pfx_record* record, void* data) { static_cast<FrameWriter*>(data)->vrp(*record); }

// The lines of RTRlib's log that say what went wrong, without their time stamps.
std::string log_reasons(const std::string& log) {
    std::vector<std::string> reasons;
    size_t start = 0;
    while (start < log.size()) {
        size_t end = log.find('\n', start);
        if (end == std::string::npos) end = log.size();
        std::string line = log.substr(start, end - start);
        start = end + 1;
        if (const size_t stamp = line.find("): "); line.starts_with("(") && stamp != std::string::npos)
            line = line.substr(stamp + 3);
        const bool relevant = line.find("Could not") != std::string::npos || line.find("rror") != std::string::npos ||
                              line.find("refused") != std::string::npos || line.find("imeout") != std::string::npos;
        if (!relevant || std::find(reasons.begin(), reasons.end(), line) != reasons.end()) continue;
        reasons.push_back(line.substr(0, 200));
    }
    std::string out;
    for (size_t i = 0; i < reasons.size() && i < 3; ++i) out += (out.empty() ? "" : "; ") + reasons[i];
    return out;
}

// Runs in the child: sync, stream, and leave (the caller _exits without stopping RTRlib).
void run_rtr_client(const RtrEndpoint& endpoint, std::chrono::milliseconds timeout, FrameWriter& out) {
    StderrCapture capture;
    SyncState state;
    std::string host = endpoint.host;
    std::string port = endpoint.port;
    const auto connect_seconds = static_cast<unsigned int>(std::max<int64_t>(1, (timeout.count() + 999) / 1000));
    tr_tcp_config tcp_config{host.data(), port.data(), nullptr, nullptr, nullptr, connect_seconds};
    static tr_socket transport{};  // RTRlib keeps pointers to these; the process ends first
    static rtr_socket socket{};
    static rtr_socket* sockets[1];
    if (tr_tcp_init(&tcp_config, &transport) != TR_SUCCESS) return out.error("cannot create the TCP transport");
    socket.tr_socket = &transport;
    sockets[0] = &socket;
    rtr_mgr_group group{};
    group.sockets = sockets;
    group.sockets_len = 1;
    group.preference = 1;
    rtr_mgr_config* manager = nullptr;
    // Intervals (refresh 1 h, expire 2 h, retry 10 min) would only matter for a long
    // session; this one ends after the first sync.
    if (rtr_mgr_init(&manager, &group, 1, 3600, 7200, 600, nullptr, nullptr, on_status, &state) != RTR_SUCCESS)
        return out.error("cannot initialise the RTR manager");
    if (rtr_mgr_start(manager) != RTR_SUCCESS) return out.error("cannot start the RTR session");

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        // Never call into RTRlib while holding state.mutex (RTRlib calls on_status with its
        // own lock held).
        if (rtr_mgr_conf_in_sync(manager)) break;
        std::unique_lock<std::mutex> lock(state.mutex);
        if (state.error) {
            const std::string reasons = log_reasons(capture.text());
            return out.error("connection or protocol error" +
                             (state.socket_state.empty() ? "" : " (" + state.socket_state + ")") +
                             (reasons.empty() ? "" : ": " + reasons));
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            const std::string reasons = log_reasons(capture.text());
            return out.error("no complete VRP set within " + std::to_string(timeout.count()) + " ms" +
                             (reasons.empty() ? "" : ": " + reasons));
        }
        state.changed.wait_for(lock, std::min<std::chrono::steady_clock::duration>(deadline - now,
                                                                                    std::chrono::milliseconds(20)));
    }
    pfx_table_for_each_ipv4_record(manager->pfx_table, send_record, &out);
    pfx_table_for_each_ipv6_record(manager->pfx_table, send_record, &out);
    out.done();
}

// ---------------------------------------------------------------- the parent

class Child {
public:
    explicit Child(pid_t pid) : m_pid(pid) {}
    ~Child() {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

private:
    pid_t m_pid;
};

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    void reset() {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

}  // namespace

std::string RtrEndpoint::text() const {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
}

std::optional<RtrEndpoint> parse_rtr_endpoint(std::string_view text) {
    RtrEndpoint out;
    std::string_view port;
    if (text.starts_with("[")) {
        const size_t close = text.find("]:");
        if (close == std::string_view::npos || close < 2) return std::nullopt;
        out.host = std::string(text.substr(1, close - 1));
        port = text.substr(close + 2);
    } else {
        const size_t colon = text.find(':');
        if (colon == std::string_view::npos || colon == 0 || text.find(':', colon + 1) != std::string_view::npos)
            return std::nullopt;
        out.host = std::string(text.substr(0, colon));
        port = text.substr(colon + 1);
    }
    if (port.empty() || port.size() > 5 || (port.size() > 1 && port[0] == '0')) return std::nullopt;
    unsigned value = 0;
    for (char c : port) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return std::nullopt;
    for (char c : out.host)
        if (c <= ' ' || c == '/' || c == '[' || c == ']' || static_cast<unsigned char>(c) >= 0x7f) return std::nullopt;
    out.port = std::string(port);
    return out;
}

size_t load_from_rtr(const RtrEndpoint& endpoint, std::chrono::milliseconds timeout, VrpTable& table) {
    const std::string where = "RTR server " + endpoint.text();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(where + ": pipe: " + std::strerror(errno));
    Fd reader(fds[0]);
    Fd writer(fds[1]);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(where + ": fork: " + std::strerror(errno));
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) _exit(2);
        ::signal(SIGPIPE, SIG_IGN);
        reader.reset();
        FrameWriter out(writer.get());
        run_rtr_client(endpoint, timeout, out);
        _exit(0);  // without rtr_mgr_stop (see the header): the kernel ends RTRlib's threads
    }
    Child child(pid);
    writer.reset();

    const auto deadline = std::chrono::steady_clock::now() + timeout + k_kill_grace;
    std::vector<uint8_t> buffer;
    size_t used = 0;
    size_t added = 0;
    uint32_t received = 0;
    while (true) {
        // Complete frames first.
        while (used < buffer.size()) {
            const uint8_t* frame = buffer.data() + used;
            const size_t available = buffer.size() - used;
            if (frame[0] == 'V') {
                if (available < k_vrp_frame) break;
                facts::IpPrefix prefix;
                prefix.address.v6 = frame[1] == 6;
                std::memcpy(prefix.address.bytes.data(), frame + 8, 16);
                prefix.length = frame[2];
                const int max_length = frame[3];
                const int bits = prefix.address.bits();
                // RTRlib checked the PDUs; these bounds keep a confused peer out of the trie.
                if ((frame[1] == 4 || frame[1] == 6) && prefix.length <= bits && max_length >= prefix.length &&
                    max_length <= bits && table.add(VrpEntry{prefix, max_length, get32(frame + 4)}))
                    ++added;
                ++received;
                used += k_vrp_frame;
            } else if (frame[0] == 'E') {
                if (available < 3) break;
                const size_t size = (size_t{frame[1]} << 8) | frame[2];
                if (available < 3 + size) break;
                throw std::runtime_error(where + ": " + std::string(reinterpret_cast<const char*>(frame + 3), size));
            } else if (frame[0] == 'D') {
                if (available < 5) break;
                if (get32(frame + 1) != received)
                    throw std::runtime_error(where + ": the RTR client lost VRPs on the way");
                if (added == 0) throw std::runtime_error(where + ": the server sent no VRPs");
                return added;
            } else {
                throw std::runtime_error(where + ": the RTR client sent garbage");
            }
        }
        buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(used));
        used = 0;

        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) throw std::runtime_error(where + ": no complete VRP set within " +
                                                      std::to_string(timeout.count()) + " ms");
        pollfd p{reader.get(), POLLIN, 0};
        const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        const int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(wait_ms + 1, 1000)));
        if (ready < 0 && errno != EINTR) throw std::runtime_error(where + ": poll: " + std::strerror(errno));
        if (ready <= 0) continue;
        uint8_t chunk[64 * 1024];
        const ssize_t n = ::read(reader.get(), chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(where + ": the RTR client ended unexpectedly");
        buffer.insert(buffer.end(), chunk, chunk + n);
    }
}

}  // namespace osescan::engine::rpki
