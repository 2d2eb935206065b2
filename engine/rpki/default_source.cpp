#include "engine/rpki/default_source.hpp"

#include <cstdlib>

namespace osescan::engine::rpki {

std::string default_vrp_url() {
    const char* override_url = std::getenv(k_default_vrp_url_env);
    return override_url && override_url[0] ? std::string(override_url) : std::string(k_default_vrp_url);
}

}  // namespace osescan::engine::rpki
