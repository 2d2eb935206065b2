#pragma once
// The one explicit list of checks (no static self-registration: a static library's
// self-registering objects get dropped by the linker).

#include <optional>
#include <string>
#include <vector>

#include "checks/check.hpp"

namespace osescan::checks {

const std::vector<Check>& all_checks();
const Check* find_check(std::string_view id);

// Selection by --only / --skip: each term is a family name, a check id, or a dotted id
// prefix ("tls.certificate" selects all certificate checks). An unknown term is an error:
// returns it in `unknown`.
struct Selection {
    std::vector<const Check*> checks;
    std::vector<std::string> unknown;
};
Selection select_checks(const std::vector<std::string>& only, const std::vector<std::string>& skip);

}  // namespace osescan::checks
