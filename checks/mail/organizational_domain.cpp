#include "checks/mail/organizational_domain.hpp"

#include <libpsl.h>

namespace osescan::checks::mail {

std::string organizational_domain(const std::string& name) {
    const psl_ctx_t* psl = psl_builtin();
    if (!psl) return name;
    const char* registrable = psl_registrable_domain(psl, name.c_str());
    return registrable ? std::string(registrable) : name;
}

}  // namespace osescan::checks::mail
