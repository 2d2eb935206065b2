// libFuzzer target: the security.txt parser and field rules (RFC 9116) must be total on
// any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/https/security_txt_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::https;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const SecurityTxtFile file = parse_security_txt(text);
    if (file.fields.size() > k_security_txt_max_fields) std::abort();
    if (file.problems.size() > k_security_txt_max_problems) std::abort();
    const SecurityTxtVerdict verdict =
        judge_security_txt(file, "https://example.test/.well-known/security.txt", 1750000000);
    if (verdict.problems.size() > k_security_txt_max_problems) std::abort();
    (void)parse_rfc3339(text);
    (void)security_txt_uri_problem("Contact", text);
    return 0;
}
