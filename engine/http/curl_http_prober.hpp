#pragma once
// HttpProber on libcurl's multi *socket* interface, driven by the engine's EventLoop.
//
// Every fetch is one fresh connection (no reuse, no shared sessions), pinned to
// HttpRequest::address while Host and SNI carry HttpRequest::host; redirects are not
// followed (a redirect is a fact); certificates are not verified (the TLS checks judge
// them, and HSTS must stay observable on sites with bad certificates). Header and body
// sizes are bounded by ProbeSettings; the whole transfer by ProbeSettings::timeout.

#include <functional>
#include <memory>

#include "engine/probers.hpp"

namespace osescan::engine::http {

// Sent as User-Agent. Keep in step with project(VERSION) in the top-level CMakeLists.txt
// (the generated version header belongs to cli/, which the engine must not depend on).
#ifndef OSESCAN_ENGINE_VERSION  // set by engine/CMakeLists.txt; a fallback for other builds
#define OSESCAN_ENGINE_VERSION "unknown"
#endif
// The version comes from CMake (project(VERSION)), so it never drifts from the CLI.
inline constexpr const char* k_user_agent = "osescan/" OSESCAN_ENGINE_VERSION;

// More header lines than this in one transfer end it as "too-large", whatever their size.
inline constexpr size_t k_max_header_lines = 500;

class CurlHttpProber : public HttpProber {
public:
    // Throws std::runtime_error when libcurl cannot create a multi handle.
    CurlHttpProber(EventLoop& loop, const ProbeSettings& settings);
    ~CurlHttpProber() override;
    CurlHttpProber(const CurlHttpProber&) = delete;
    CurlHttpProber& operator=(const CurlHttpProber&) = delete;

    // The returned Cancel may outlive the prober (it then does nothing).
    Cancel fetch(const facts::HttpRequest& request,
                 std::function<void(facts::Observed<facts::HttpResponse>)> done) override;

private:
    class Multi;
    std::shared_ptr<Multi> m_multi;  // shared so that Cancel and loop callbacks can hold weak refs
};

}  // namespace osescan::engine::http

namespace osescan::engine {
using http::CurlHttpProber;
}  // namespace osescan::engine
