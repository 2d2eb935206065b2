#include "cli/app.hpp"

#include <cstdio>
#include <exception>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/check_command.hpp"
#include "cli/demo_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/explain_command.hpp"
#include "cli/list_checks_command.hpp"
#include "osescan_version.hpp"
#include "report/terminal_text.hpp"

namespace osescan::cli {

int run_app(int argc, char** argv) {
    CLI::App app{"osescan: open-standards compliance scanner for web and mail domains", "osescan"};
    app.set_version_flag("--version", std::string("osescan ") + OSESCAN_VERSION);
    app.require_subcommand(1);
    app.footer(exit_code::k_help_text);
    const std::vector<Subcommand> subcommands{add_check_command(app), add_list_checks_command(app),
                                              add_explain_command(app), add_demo_command(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        std::printf("%s\n", e.what());  // CLI11 2.1 prints it without a newline
        return exit_code::ok;
    } catch (const CLI::ParseError& e) {
        app.exit(e);  // prints CLI11's message and a pointer to --help on stderr
        return exit_code::usage;
    }
    try {
        for (const Subcommand& s : subcommands)
            if (s.app->parsed()) return s.run();
    } catch (const std::exception& e) {
        // The runner already turns a failing check into an `error` finding; reaching here is
        // a bug or an environment failure (out of memory), not a verdict.
        std::fprintf(stderr, "osescan: error: %s\n", report::terminal_safe(e.what()).c_str());
        return exit_code::cannot_run;
    }
    return exit_code::usage;
}

}  // namespace osescan::cli
