#include "engine/http/curl_errors.hpp"

#include <cerrno>

namespace osescan::engine::http {

namespace {

const char* connect_failure_kind(long os_errno) {
    switch (os_errno) {
        case ECONNREFUSED:
            return facts::probe_error::connection_refused;
        case ETIMEDOUT:
            return facts::probe_error::timeout;
        case ECONNRESET:
            return facts::probe_error::connection_reset;
        default:
            // ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, ENETDOWN, ...: nothing answered.
            return facts::probe_error::unreachable;
    }
}

const char* kind_of(CURLcode code, long os_errno, const std::string& error_text) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
            return connect_failure_kind(os_errno);
        case CURLE_OPERATION_TIMEDOUT:
            return facts::probe_error::timeout;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return facts::probe_error::dns_error;
        // The connection ended before a complete response: reset, closed early, or
        // closed without a single byte ("Empty reply from server").
        case CURLE_RECV_ERROR:
            // libcurl 7.88 ends a response whose header section passes its own cap
            // (300 KiB) this way; that is a size bound, not a network failure.
            if (error_text.rfind("Too large response headers", 0) == 0) return facts::probe_error::too_large;
            return facts::probe_error::connection_reset;
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return facts::probe_error::connection_reset;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CLIENTCERT:
        case CURLE_USE_SSL_FAILED:
            return facts::probe_error::tls_handshake_error;
        // The server spoke, but not acceptable HTTP (HTTP/0.9, malformed status line,
        // broken chunked encoding, HTTP/2 framing errors, ...).
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_HTTP3:
        case CURLE_QUIC_CONNECT_ERROR:
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_RANGE_ERROR:
        case CURLE_HTTP_RETURNED_ERROR:
        case CURLE_TOO_MANY_REDIRECTS:
        case CURLE_FILESIZE_EXCEEDED:
            return facts::probe_error::http_error;
        default:
            // Our own misuse or resource trouble (bad URL, out of memory, ...).
            return facts::probe_error::internal;
    }
}

}  // namespace

facts::ProbeError probe_error_from_curl(CURLcode code, long os_errno, const std::string& error_text) {
    facts::ProbeError error;
    error.kind = kind_of(code, os_errno, error_text);
    error.detail = error_text.empty() ? curl_easy_strerror(code) : error_text;
    return error;
}

}  // namespace osescan::engine::http
