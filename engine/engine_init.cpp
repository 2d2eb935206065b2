#include "engine/engine_init.hpp"

#include <ares.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <stdexcept>
#include <string>

namespace osescan::engine {

EngineGlobals::EngineGlobals() {
    // OpenSSL 3 initialises itself on first use; doing it here makes it happen on the
    // main thread before any prober, and loads the error strings the probers quote.
    if (OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr) != 1)
        throw std::runtime_error("OpenSSL initialisation failed");
    const CURLcode curl = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (curl != CURLE_OK)
        throw std::runtime_error(std::string("curl_global_init: ") + curl_easy_strerror(curl));
    const int cares = ares_library_init(ARES_LIB_INIT_ALL);
    if (cares != ARES_SUCCESS) {
        curl_global_cleanup();
        throw std::runtime_error(std::string("ares_library_init: ") + ares_strerror(cares));
    }
}

EngineGlobals::~EngineGlobals() {
    // OpenSSL 3 cleans up at process exit by itself (OPENSSL_cleanup must not be called
    // while anything may still use it).
    ares_library_cleanup();
    curl_global_cleanup();
}

}  // namespace osescan::engine
