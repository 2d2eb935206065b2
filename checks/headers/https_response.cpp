#include "checks/headers/https_response.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::headers {

std::vector<Finding> judge_first_https_response(const facts::TargetFacts& facts, const std::string& check_id,
                                                const ResponseJudge& judge) {
    return common::judge_each_address(
        facts, check_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::https_first(facts, address)};
        },
        [&](const std::string& address) {
            const std::string endpoint = common::address_port(address, facts.target().port);
            const auto& observed = facts.http(common::https_first(facts, address));
            if (!observed.ok())
                return common::probe_error_finding(check_id, address, observed.error(),
                                                   "the HTTPS request to " + endpoint);
            return judge(address, endpoint, observed.value());
        });
}

std::vector<std::string_view> header_values(const facts::HttpResponse& response, const std::string& name) {
    std::vector<std::string_view> values;
    for (const facts::HttpHeader* header : response.all_headers(name)) values.emplace_back(header->value);
    return values;
}

nlohmann::json evidence_values(const std::vector<std::string_view>& values) {
    nlohmann::json out = nlohmann::json::array();
    for (std::string_view v : values) out.push_back(common::evidence_text(v));
    return out;
}

std::string combined_value(const std::vector<std::string_view>& values) {
    std::string out;
    for (std::string_view v : values) {
        if (!out.empty()) out += ", ";
        out.append(v);
    }
    return out;
}

std::vector<std::string> split_values(const std::vector<std::string_view>& values, size_t max) {
    const std::string input = combined_value(values);
    const auto is_http_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::vector<std::string> out;
    size_t position = 0;
    while (out.size() < max) {
        std::string piece;
        while (position < input.size() && input[position] != ',') {
            if (input[position] == '"') {
                // A quoted string runs to its closing quote, commas included.
                const size_t close = input.find('"', position + 1);
                const size_t end = close == std::string::npos ? input.size() : close + 1;
                piece.append(input, position, end - position);
                position = end;
            } else {
                piece += input[position++];
            }
        }
        size_t a = 0;
        size_t b = piece.size();
        while (a < b && is_http_ws(piece[a])) ++a;
        while (b > a && is_http_ws(piece[b - 1])) --b;
        out.push_back(piece.substr(a, b - a));
        if (position >= input.size()) break;
        ++position;  // the ','
    }
    return out;
}

}  // namespace osescan::checks::headers
