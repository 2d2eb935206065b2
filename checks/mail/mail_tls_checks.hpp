#pragma once
// mail.tls.*: the tls family's judgements (checks/tls/, checks/certificate/) on every MX
// address after STARTTLS, same criteria and outcomes, except that a certificate chain or name
// that does not verify is info unless MTA-STS or DANE requires it (checks/mail/mx_pkix_rule.hpp).
// Each catalogue entry is derived from the web check's (mail_tls_info).

#include <vector>

#include "checks/check.hpp"

namespace osescan::checks::mail {

// In report order, after mail.starttls.
const std::vector<Check>& mail_tls_checks();

}  // namespace osescan::checks::mail
