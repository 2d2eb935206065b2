#pragma once
// Fetching a VRP file over HTTP(S) before the scan starts (one blocking libcurl easy
// transfer: nothing else runs yet, so there is no loop to share).

#include <chrono>
#include <cstddef>
#include <string>

namespace osescan::engine::rpki {

struct DownloadLimits {
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds total_timeout{120000};
    size_t max_bytes = 512u * 1024 * 1024;  // the public set is ~50-150 MB of JSON
};

// The body of a 2xx answer (redirects followed, at most 5, http/https only; gzip/deflate
// accepted). Throws std::runtime_error naming the URL and the reason on any failure,
// including a body larger than `max_bytes` and a transfer that stalls or runs too long.
std::string download(const std::string& url, const DownloadLimits& limits);

}  // namespace osescan::engine::rpki
