#include "engine/rpki/vrp_download.hpp"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>

#include "engine/engine_init.hpp"

namespace osescan::engine::rpki {

namespace {

struct Sink {
    std::string body;
    size_t max_bytes = 0;
    bool too_large = false;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const size_t bytes = size * count;
    if (sink->body.size() + bytes > sink->max_bytes) {
        sink->too_large = true;
        return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
    }
    sink->body.append(data, bytes);
    return bytes;
}

struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};

}  // namespace

std::string download(const std::string& url, const DownloadLimits& limits) {
    const EngineGlobals globals;  // curl_global_init is reference-counted
    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy) throw std::runtime_error("VRP download " + url + ": curl_easy_init failed");
    Sink sink;
    sink.max_bytes = limits.max_bytes;
    char error[CURL_ERROR_SIZE] = "";
    CURL* e = easy.get();
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_USERAGENT, "osescan (VRP download)");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.total_timeout.count()));
    // A server that trickles bytes is cut off long before the total timeout.
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 30L);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_bytes));
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);

    const CURLcode code = curl_easy_perform(e);
    if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED)
        throw std::runtime_error("VRP download " + url + ": larger than " + std::to_string(limits.max_bytes) +
                                 " bytes");
    if (code != CURLE_OK)
        throw std::runtime_error("VRP download " + url + ": " + (error[0] ? std::string(error) : curl_easy_strerror(code)));
    return std::move(sink.body);
}

}  // namespace osescan::engine::rpki
