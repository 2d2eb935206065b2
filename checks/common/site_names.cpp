#include "checks/common/site_names.hpp"

namespace osescan::checks::common {

std::vector<std::string> site_names(const facts::Target& target) {
    if (target.is_ip || target.host.rfind("www.", 0) == 0) return {target.host};
    return {target.host, "www." + target.host};
}

}  // namespace osescan::checks::common
