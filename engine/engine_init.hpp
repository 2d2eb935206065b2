#pragma once
// Process-wide initialisation of the network libraries the engine uses.
//
// curl_global_init is not thread-safe and must run before any other libcurl call and
// before other threads exist (libcurl's documentation); OpenSSL and c-ares have the same
// kind of one-time set-up. The runner creates one EngineGlobals at the start of a scan,
// before any prober; tests create one per test case. All three libraries count their
// initialisations, so nested or repeated EngineGlobals are harmless.

namespace osescan::engine {

class EngineGlobals {
public:
    EngineGlobals();  // throws std::runtime_error when a library cannot initialise
    ~EngineGlobals();
    EngineGlobals(const EngineGlobals&) = delete;
    EngineGlobals& operator=(const EngineGlobals&) = delete;
};

}  // namespace osescan::engine
