#pragma once
// How a libcurl transfer ended, in the engine's probe-error vocabulary
// (facts/observed.hpp).

#include <curl/curl.h>

#include <string>

#include "facts/observed.hpp"

namespace osescan::engine::http {

// `os_errno` is CURLINFO_OS_ERRNO (tells a refused connection from an unreachable one);
// `error_text` is the transfer's CURLOPT_ERRORBUFFER, used as the detail when not empty.
facts::ProbeError probe_error_from_curl(CURLcode code, long os_errno, const std::string& error_text);

}  // namespace osescan::engine::http
