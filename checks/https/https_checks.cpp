#include "checks/check.hpp"

namespace osescan::checks::https {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{};
    return list;
}

}  // namespace osescan::checks::https
