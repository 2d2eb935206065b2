#include "cli/app.hpp"

int main(int argc, char** argv) { return osescan::cli::run_app(argc, argv); }
