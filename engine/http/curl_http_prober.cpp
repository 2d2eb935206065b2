#include "engine/http/curl_http_prober.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/http/curl_errors.hpp"
#include "engine/http/response_headers.hpp"

namespace osescan::engine::http {

namespace {

using Done = std::function<void(facts::Observed<facts::HttpResponse>)>;

struct EasyCleanup {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistCleanup {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

bool is_ipv4(const std::string& text) {
    in_addr a{};
    return inet_pton(AF_INET, text.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& text) {
    in6_addr a{};
    return inet_pton(AF_INET6, text.c_str(), &a) == 1;
}

// Host names go into the URL as they are, so anything that would change how the URL is
// parsed (userinfo '@', ports, paths, brackets, spaces) is refused up front: LDH labels,
// plus '_' which real names do carry (e.g. service names).
bool is_plain_host_name(const std::string& host) {
    if (host.empty() || host.size() > 253) return false;
    return std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '.' || c == '_';
    });
}

std::string bracketed_if_v6(const std::string& address) {
    return is_ipv6(address) ? "[" + address + "]" : address;
}

std::string sha256_hex(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) return {};
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += k_hex[digest[i] >> 4];
        hex += k_hex[digest[i] & 0x0f];
    }
    return hex;
}

std::string http_version_name(long version) {
    switch (version) {
        case CURL_HTTP_VERSION_1_0:
            return "1.0";
        case CURL_HTTP_VERSION_1_1:
            return "1.1";
        case CURL_HTTP_VERSION_2_0:
            return "2";
        case CURL_HTTP_VERSION_3:
            return "3";
        default:
            return "";
    }
}

// The content codings this libcurl can decode, as an Accept-Encoding value. Browsers offer
// compression, and what a site does with that offer is the fact http.compression judges
// (BREACH); offering only what libcurl can decode keeps the stored body readable.
const std::string& accepted_encodings() {
    static const std::string list = [] {
        const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
        std::string out;
        const auto add = [&](const char* name) { out += (out.empty() ? "" : ", ") + std::string(name); };
        if (info && (info->features & CURL_VERSION_LIBZ)) {
            add("gzip");
            add("deflate");
        }
        if (info && (info->features & CURL_VERSION_BROTLI)) add("br");
        if (info && (info->features & CURL_VERSION_ZSTD)) add("zstd");
        return out;
    }();
    return list;
}

facts::ProbeError internal_error(std::string detail) {
    return facts::ProbeError{facts::probe_error::internal, std::move(detail)};
}

// One request: its easy handle and everything libcurl's callbacks write into.
struct Transfer {
    Transfer(size_t max_header_bytes, size_t max_body_bytes)
        : headers(max_header_bytes, k_max_header_lines), max_body(max_body_bytes) {}

    uint64_t id = 0;
    facts::HttpRequest request;
    Done done;
    std::unique_ptr<curl_slist, SlistCleanup> connect_to;
    std::string url;
    bool in_multi = false;
    char error_buffer[CURL_ERROR_SIZE] = {};

    ResponseHeaderCollector headers;
    size_t max_body;
    std::string body;
    bool body_truncated = false;
    std::string tls_version;

    // Last, so that it is cleaned up first: libcurl refers to the members above.
    std::unique_ptr<CURL, EasyCleanup> easy;
};

// CURLOPT_HEADERFUNCTION: one complete header line per call.
size_t on_header_line(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t length = size * count;
    // The TLS session is only reachable while the connection is open, and the first
    // header line proves the handshake is done: read the negotiated version now.
    if (transfer->tls_version.empty() && transfer->request.scheme == "https") {
        curl_tlssessioninfo* session = nullptr;
        if (curl_easy_getinfo(transfer->easy.get(), CURLINFO_TLS_SSL_PTR, &session) == CURLE_OK && session &&
            session->backend == CURLSSLBACKEND_OPENSSL && session->internals)
            transfer->tls_version = SSL_get_version(static_cast<SSL*>(session->internals));
    }
    if (!transfer->headers.add_line(std::string_view(data, length))) return 0;  // aborts: too large
    return length;
}

// CURLOPT_WRITEFUNCTION: body bytes. Keeps the first max_body bytes; when more arrive,
// stops the transfer (a short write makes libcurl end it with CURLE_WRITE_ERROR).
size_t on_body_bytes(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t length = size * count;
    const size_t room = transfer->max_body - transfer->body.size();
    if (length <= room) {
        transfer->body.append(data, length);
        return length;
    }
    transfer->body.append(data, room);
    transfer->body_truncated = true;
    return 0;
}

// How a transfer that libcurl reports finished with `result` is recorded.
facts::Observed<facts::HttpResponse> outcome(Transfer& transfer, CURLcode result) {
    if (transfer.headers.exceeded())
        return facts::ProbeError{facts::probe_error::too_large, transfer.headers.limit_exceeded()};
    const bool stopped_at_body_bound = result == CURLE_WRITE_ERROR && transfer.body_truncated;
    if (result != CURLE_OK && !stopped_at_body_bound) {
        long os_errno = 0;
        curl_easy_getinfo(transfer.easy.get(), CURLINFO_OS_ERRNO, &os_errno);
        return probe_error_from_curl(result, os_errno, transfer.error_buffer);
    }
    long status = 0;
    long version = 0;
    curl_easy_getinfo(transfer.easy.get(), CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(transfer.easy.get(), CURLINFO_HTTP_VERSION, &version);
    if (status <= 0) return facts::ProbeError{facts::probe_error::http_error, "no HTTP status received"};

    facts::HttpResponse response;
    response.status = static_cast<int>(status);
    response.http_version = http_version_name(version);
    response.headers = transfer.headers.take_headers();
    response.body = std::move(transfer.body);
    response.body_bytes = response.body.size();
    response.body_truncated = transfer.body_truncated;
    response.body_sha256 = sha256_hex(response.body);
    response.tls_version = std::move(transfer.tls_version);
    response.accept_encoding = accepted_encodings();
    return response;
}

}  // namespace

// The multi handle, the transfers in flight and the glue to the EventLoop.
class CurlHttpProber::Multi : public std::enable_shared_from_this<Multi> {
public:
    Multi(EventLoop& loop, const ProbeSettings& settings);
    ~Multi();
    Multi(const Multi&) = delete;
    Multi& operator=(const Multi&) = delete;

    Cancel fetch(const facts::HttpRequest& request, Done done);

private:
    static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket_data);
    static int on_timer(CURLM* multi, long timeout_ms, void* self);

    std::optional<facts::ProbeError> configure(Transfer& transfer) const;
    void on_socket_event(int fd, bool readable, bool writable, bool error);
    void on_timeout();
    void complete_finished();
    void finish(uint64_t id, const std::optional<facts::ProbeError>& failure, CURLcode result);
    void cancel(uint64_t id);
    static uint64_t id_of(CURL* easy);

    EventLoop& m_loop;
    ProbeSettings m_settings;
    CURLM* m_multi = nullptr;
    EventLoop::TimerId m_timer = 0;  // 0 = none (the loop's ids start at 1)
    bool m_closing = false;
    uint64_t m_next_id = 1;
    std::unordered_map<uint64_t, std::unique_ptr<Transfer>> m_transfers;
    std::unordered_set<int> m_watched;
};

CurlHttpProber::Multi::Multi(EventLoop& loop, const ProbeSettings& settings)
    : m_loop(loop), m_settings(settings), m_multi(curl_multi_init()) {
    if (!m_multi) throw std::runtime_error("curl_multi_init failed");
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &Multi::on_socket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &Multi::on_timer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
}

CurlHttpProber::Multi::~Multi() {
    m_closing = true;
    // Transfers still running end silently: the prober is going away with its scan.
    for (auto& [id, transfer] : m_transfers)
        if (transfer->in_multi) curl_multi_remove_handle(m_multi, transfer->easy.get());
    m_transfers.clear();
    curl_multi_cleanup(m_multi);
    for (int fd : m_watched) m_loop.unwatch(fd);
    m_loop.cancel(m_timer);
}

Cancel CurlHttpProber::Multi::fetch(const facts::HttpRequest& request, Done done) {
    const uint64_t id = m_next_id++;
    auto transfer = std::make_unique<Transfer>(m_settings.max_http_headers, m_settings.max_http_body);
    transfer->id = id;
    transfer->request = request;
    transfer->done = std::move(done);
    std::optional<facts::ProbeError> failure = configure(*transfer);
    if (!failure) {
        const CURLMcode added = curl_multi_add_handle(m_multi, transfer->easy.get());
        if (added == CURLM_OK)
            transfer->in_multi = true;
        else
            failure = internal_error(std::string("curl_multi_add_handle: ") + curl_multi_strerror(added));
    }
    m_transfers.emplace(id, std::move(transfer));
    std::weak_ptr<Multi> weak = weak_from_this();
    // `done` is never called from inside fetch(): a request that cannot even start
    // reports on the next turn of the loop.
    if (failure)
        m_loop.post([weak, id, failure] {
            if (auto self = weak.lock()) self->finish(id, failure, CURLE_OK);
        });
    return [weak, id] {
        if (auto self = weak.lock()) self->cancel(id);
    };
}

std::optional<facts::ProbeError> CurlHttpProber::Multi::configure(Transfer& transfer) const {
    const facts::HttpRequest& request = transfer.request;
    if (request.scheme != "http" && request.scheme != "https")
        return internal_error("unsupported URL scheme \"" + request.scheme + "\"");
    if (!is_ipv4(request.address) && !is_ipv6(request.address))
        return internal_error("not an IP address: \"" + request.address + "\"");
    if (request.port == 0) return internal_error("port 0");
    const std::string& host = request.host.empty() ? request.address : request.host;
    if (!is_ipv4(host) && !is_ipv6(host) && !is_plain_host_name(host))
        return internal_error("not a host name: \"" + host + "\"");

    const std::string port = std::to_string(request.port);
    const std::string path = request.path.empty() || request.path.front() != '/' ? "/" + request.path : request.path;
    transfer.url = request.scheme + "://" + bracketed_if_v6(host) + ":" + port + path;
    // "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT" with HOST and PORT empty = whatever the
    // URL says: the connection goes to the address, Host and SNI stay the URL's host.
    transfer.connect_to.reset(curl_slist_append(nullptr, ("::" + bracketed_if_v6(request.address) + ":" + port).c_str()));
    transfer.easy.reset(curl_easy_init());
    if (!transfer.connect_to || !transfer.easy) return internal_error("out of memory");

    CURL* easy = transfer.easy.get();
    CURLcode set = CURLE_OK;
    const auto option = [&](CURLoption name, auto value) {
        if (set == CURLE_OK) set = curl_easy_setopt(easy, name, value);
    };
    const long timeout_ms = std::max<long>(1, static_cast<long>(m_settings.timeout.count()));

    option(CURLOPT_PRIVATE, static_cast<void*>(&transfer));
    option(CURLOPT_ERRORBUFFER, transfer.error_buffer);
    option(CURLOPT_NOSIGNAL, 1L);
    option(CURLOPT_URL, transfer.url.c_str());
    option(CURLOPT_CONNECT_TO, transfer.connect_to.get());
    option(CURLOPT_PROTOCOLS_STR, "http,https");
    option(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    option(CURLOPT_FOLLOWLOCATION, 0L);
    // The environment's http_proxy/https_proxy must not redirect a probe elsewhere.
    option(CURLOPT_PROXY, "");
    option(CURLOPT_PATH_AS_IS, 1L);  // probe exactly the path asked for
    option(CURLOPT_USERAGENT, k_user_agent);
    // Content-Encoding stays among the recorded headers; the body is stored decoded and
    // bounded after decoding (on_body_bytes), so a compression bomb stops at the bound.
    if (!accepted_encodings().empty()) option(CURLOPT_ACCEPT_ENCODING, accepted_encodings().c_str());
    option(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Each probe is its own connection: a fact about one connection must not depend on
    // which probe happened to run first.
    option(CURLOPT_FRESH_CONNECT, 1L);
    option(CURLOPT_FORBID_REUSE, 1L);
    option(CURLOPT_SSL_SESSIONID_CACHE, 0L);
    option(CURLOPT_SSL_VERIFYPEER, 0L);
    option(CURLOPT_SSL_VERIFYHOST, 0L);
    option(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    option(CURLOPT_TIMEOUT_MS, timeout_ms);  // the whole transfer: a dripping server times out
    option(CURLOPT_HEADERFUNCTION, &on_header_line);
    option(CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
    option(CURLOPT_WRITEFUNCTION, &on_body_bytes);
    option(CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
    if (request.method == "HEAD")
        option(CURLOPT_NOBODY, 1L);
    else if (request.method != "GET" && !request.method.empty())
        option(CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (set != CURLE_OK) return internal_error(std::string("curl_easy_setopt: ") + curl_easy_strerror(set));
    return std::nullopt;
}

int CurlHttpProber::Multi::on_socket(CURL* easy, curl_socket_t fd, int what, void* self_pointer, void*) {
    auto* self = static_cast<Multi*>(self_pointer);
    if (what == CURL_POLL_REMOVE) {
        self->m_loop.unwatch(fd);
        self->m_watched.erase(fd);
        return 0;
    }
    if (self->m_closing) return 0;
    const bool want_read = what == CURL_POLL_IN || what == CURL_POLL_INOUT;
    const bool want_write = what == CURL_POLL_OUT || what == CURL_POLL_INOUT;
    std::weak_ptr<Multi> weak = self->weak_from_this();
    try {
        self->m_loop.watch(fd, want_read, want_write, [weak, fd](bool readable, bool writable, bool error) {
            if (auto multi = weak.lock()) multi->on_socket_event(fd, readable, writable, error);
        });
        self->m_watched.insert(fd);
    } catch (const std::exception& e) {
        // The loop cannot watch this socket, so the transfer could only time out: end it
        // now (not from inside libcurl: on the next turn of the loop).
        const uint64_t id = self->id_of(easy);
        facts::ProbeError failure = internal_error(std::string("cannot watch socket: ") + e.what());
        self->m_loop.post([weak, id, failure] {
            if (auto multi = weak.lock()) multi->finish(id, failure, CURLE_OK);
        });
    }
    return 0;
}

int CurlHttpProber::Multi::on_timer(CURLM*, long timeout_ms, void* self_pointer) {
    auto* self = static_cast<Multi*>(self_pointer);
    self->m_loop.cancel(self->m_timer);
    self->m_timer = 0;
    if (timeout_ms < 0 || self->m_closing) return 0;  // -1: libcurl wants no timer
    // libcurl must not be re-entered from this callback: act on the loop's next turn.
    std::weak_ptr<Multi> weak = self->weak_from_this();
    self->m_timer = self->m_loop.after(std::chrono::milliseconds(timeout_ms), [weak] {
        if (auto multi = weak.lock()) {
            multi->m_timer = 0;
            multi->on_timeout();
        }
    });
    return 0;
}

void CurlHttpProber::Multi::on_socket_event(int fd, bool readable, bool writable, bool error) {
    const int mask = (readable ? CURL_CSELECT_IN : 0) | (writable ? CURL_CSELECT_OUT : 0) | (error ? CURL_CSELECT_ERR : 0);
    int running = 0;
    curl_multi_socket_action(m_multi, fd, mask, &running);
    complete_finished();
}

void CurlHttpProber::Multi::on_timeout() {
    int running = 0;
    curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    complete_finished();
}

void CurlHttpProber::Multi::complete_finished() {
    int queued = 0;
    // One message at a time: a `done` may cancel or start transfers, which changes the
    // queue (removing a handle also drops its pending message).
    while (CURLMsg* message = curl_multi_info_read(m_multi, &queued)) {
        if (message->msg != CURLMSG_DONE) continue;
        const CURLcode result = message->data.result;
        finish(id_of(message->easy_handle), std::nullopt, result);
    }
}

uint64_t CurlHttpProber::Multi::id_of(CURL* easy) {
    char* transfer = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer) != CURLE_OK || !transfer) return 0;
    return reinterpret_cast<const Transfer*>(transfer)->id;
}

void CurlHttpProber::Multi::finish(uint64_t id, const std::optional<facts::ProbeError>& failure, CURLcode result) {
    auto it = m_transfers.find(id);
    if (it == m_transfers.end()) return;  // cancelled, or already finished
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    m_transfers.erase(it);
    if (transfer->in_multi) curl_multi_remove_handle(m_multi, transfer->easy.get());
    facts::Observed<facts::HttpResponse> observed = failure ? facts::Observed<facts::HttpResponse>(*failure)
                                                            : outcome(*transfer, result);
    Done done = std::move(transfer->done);
    transfer.reset();  // the connection and handle are gone before the caller hears back
    done(std::move(observed));
}

void CurlHttpProber::Multi::cancel(uint64_t id) {
    auto it = m_transfers.find(id);
    if (it == m_transfers.end()) return;
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    m_transfers.erase(it);
    if (transfer->in_multi) curl_multi_remove_handle(m_multi, transfer->easy.get());
}

CurlHttpProber::CurlHttpProber(EventLoop& loop, const ProbeSettings& settings)
    : m_multi(std::make_shared<Multi>(loop, settings)) {}

CurlHttpProber::~CurlHttpProber() = default;

Cancel CurlHttpProber::fetch(const facts::HttpRequest& request, Done done) {
    return m_multi->fetch(request, std::move(done));
}

}  // namespace osescan::engine::http
