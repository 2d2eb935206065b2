#include "engine/dns/cares_channel.hpp"

#include <arpa/inet.h>
#include <sys/time.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace osescan::engine::dns {

namespace {
struct ChannelOwner {
    ares_channel channel = nullptr;
    ~ChannelOwner() {
        if (channel) ares_destroy(channel);
    }
};
}  // namespace

CaresChannel::CaresChannel(EventLoop& loop, const Config& config) : m_loop(loop) {
    if (config.servers.empty()) throw std::runtime_error("DNS channel without servers");
    ares_options options{};
    // NOCHECKRESP: SERVFAIL/REFUSED/NOTIMP answers are facts for the checks, not reasons
    // to try elsewhere. EDNS: accept UDP answers up to our advertised size (RFC 6891) and
    // let c-ares fall back to TCP only on TC=1.
    options.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_EDNS | ARES_FLAG_NOSEARCH;
    options.timeout = static_cast<int>(std::max<int64_t>(1, config.try_timeout.count()));
    options.tries = std::max(1, config.tries);
    options.ednspsz = 4096;
    options.sock_state_cb = &CaresChannel::on_socket_state;
    options.sock_state_cb_data = this;
    const int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_EDNSPSZ | ARES_OPT_SOCK_STATE_CB;
    int status = ares_init_options(&m_channel, &options, mask);
    if (status != ARES_SUCCESS) {
        m_channel = nullptr;
        throw std::runtime_error(std::string("c-ares channel setup failed: ") + ares_strerror(status));
    }
    std::vector<ares_addr_port_node> nodes(config.servers.size());
    for (size_t i = 0; i < config.servers.size(); ++i) {
        const ResolverAddress& server = config.servers[i];
        ares_addr_port_node& node = nodes[i];
        node.next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
        node.family = server.family;
        if (server.family == AF_INET)
            std::memcpy(&node.addr.addr4, server.bytes, 4);
        else
            std::memcpy(&node.addr.addr6, server.bytes, 16);
        node.udp_port = server.port;
        node.tcp_port = server.port;
    }
    status = ares_set_servers_ports(m_channel, nodes.data());
    if (status != ARES_SUCCESS) {
        ares_destroy(m_channel);
        m_channel = nullptr;
        throw std::runtime_error(std::string("c-ares could not use the DNS servers: ") + ares_strerror(status));
    }
}

CaresChannel::~CaresChannel() {
    // Pending queries complete with ARES_EDESTRUCTION; c-ares closes its sockets.
    ares_destroy(m_channel);
    for (int fd : m_watched_fds) m_loop.unwatch(fd);
    if (m_timer) m_loop.cancel(m_timer);
}

std::vector<ResolverAddress> CaresChannel::system_servers() {
    ChannelOwner owner;
    ares_options options{};
    options.flags = ARES_FLAG_NOSEARCH;
    int status = ares_init_options(&owner.channel, &options, ARES_OPT_FLAGS);
    if (status != ARES_SUCCESS) {
        owner.channel = nullptr;
        throw std::runtime_error(std::string("cannot read the system resolver configuration: ") +
                                 ares_strerror(status));
    }
    ares_addr_port_node* list = nullptr;
    status = ares_get_servers_ports(owner.channel, &list);
    if (status != ARES_SUCCESS)
        throw std::runtime_error(std::string("cannot list the system's DNS servers: ") + ares_strerror(status));
    std::vector<ResolverAddress> servers;
    for (const ares_addr_port_node* node = list; node; node = node->next) {
        ResolverAddress server;
        server.family = node->family;
        char text[INET6_ADDRSTRLEN] = {};
        if (node->family == AF_INET) {
            std::memcpy(server.bytes, &node->addr.addr4, 4);
        } else if (node->family == AF_INET6) {
            std::memcpy(server.bytes, &node->addr.addr6, 16);
        } else {
            continue;
        }
        inet_ntop(node->family, server.bytes, text, sizeof text);
        server.ip = text;
        server.port = static_cast<uint16_t>(node->udp_port > 0 && node->udp_port < 65536 ? node->udp_port : 53);
        servers.push_back(server);
    }
    ares_free_data(list);
    if (servers.empty()) throw std::runtime_error("the system resolver configuration names no DNS server");
    return servers;
}

void CaresChannel::send(std::span<const uint8_t> query, Completion completion) {
    auto* arg = new Completion(std::move(completion));
    ares_send(m_channel, query.data(), static_cast<int>(query.size()), &CaresChannel::on_query_done, arg);
    rearm_timer();
}

void CaresChannel::on_query_done(void* arg, int status, int /*timeouts*/, unsigned char* answer, int length) {
    std::unique_ptr<Completion> completion(static_cast<Completion*>(arg));
    std::span<const uint8_t> bytes;
    if (answer && length > 0) bytes = std::span<const uint8_t>(answer, static_cast<size_t>(length));
    (*completion)(status, bytes);
}

void CaresChannel::on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
    auto* self = static_cast<CaresChannel*>(data);
    if (!readable && !writable) {
        self->m_loop.unwatch(fd);
        self->m_watched_fds.erase(fd);
        return;
    }
    self->m_watched_fds.insert(fd);
    self->m_loop.watch(fd, readable != 0, writable != 0, [self, fd](bool can_read, bool can_write, bool) {
        self->process(can_read ? fd : ARES_SOCKET_BAD, can_write ? fd : ARES_SOCKET_BAD);
    });
}

void CaresChannel::process(ares_socket_t read_fd, ares_socket_t write_fd) {
    ares_process_fd(m_channel, read_fd, write_fd);
    rearm_timer();
}

void CaresChannel::rearm_timer() {
    if (m_timer) m_loop.cancel(m_timer);
    m_timer = 0;
    timeval tv{};
    if (ares_timeout(m_channel, nullptr, &tv) == nullptr) return;  // nothing pending
    // Round up so the timer never fires just before c-ares considers the deadline reached.
    const auto delay = std::chrono::milliseconds(static_cast<int64_t>(tv.tv_sec) * 1000 + (tv.tv_usec + 999) / 1000);
    m_timer = m_loop.after(delay, [this] {
        m_timer = 0;
        process(ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    });
}

}  // namespace osescan::engine::dns
