#include "checks/check.hpp"
#include "checks/tls/tls_version.hpp"

namespace osescan::checks::tls {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{tls_version_check()};
    return list;
}

}  // namespace osescan::checks::tls
