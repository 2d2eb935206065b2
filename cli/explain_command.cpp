#include "cli/explain_command.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include "checks/registry.hpp"
#include "cli/exit_codes.hpp"
#include "report/explain_text.hpp"
#include "report/terminal_text.hpp"

namespace osescan::cli {

namespace {
int run_explain(const std::string& what) {
    const size_t slash = what.find('/');
    const std::string id = what.substr(0, slash);
    const std::string code = slash == std::string::npos ? "" : what.substr(slash + 1);
    const checks::Check* check = checks::find_check(id);
    if (!check) {
        std::fprintf(stderr, "osescan: error: unknown check '%s' (osescan list-checks lists them)\n",
                     report::terminal_safe(id).c_str());
        return exit_code::usage;
    }
    const checks::Outcome* outcome = nullptr;
    if (slash != std::string::npos) {
        outcome = code.empty() ? nullptr : checks::find_outcome(check->info, code);
        if (!outcome) {
            std::string known;
            for (const checks::Outcome& o : check->info.outcomes)
                known += (known.empty() ? "" : ", ") + std::string(o.code);
            std::fprintf(stderr, "osescan: error: check %s has no outcome '%s'; its outcomes: %s\n",
                         std::string(check->info.id).c_str(), report::terminal_safe(code).c_str(), known.c_str());
            return exit_code::usage;
        }
    }
    std::fputs(report::render_explanation(check->info, outcome, code).c_str(), stdout);
    return exit_code::ok;
}
}  // namespace

Subcommand add_explain_command(CLI::App& parent) {
    auto what = std::make_shared<std::string>();
    CLI::App* app = parent.add_subcommand("explain", "Why a check matters, how to fix it, and its standards");
    app->add_option("check", *what, "A check id (tls.version) or a check and outcome (certificate.validity/expired)")
        ->required()
        ->type_name("ID[/OUTCOME]");
    app->footer(exit_code::k_help_text);
    return {app, [what] { return run_explain(*what); }};
}

}  // namespace osescan::cli
