#pragma once
// Debian's RTRlib 0.8 is built with its debug log on: every RTR state change is printed to
// stderr, from RTRlib's own threads. osescan's stderr is for its own diagnostics (-v), so
// while an RTR sync runs, file descriptor 2 is pointed at an anonymous in-memory file, and
// the log is kept to explain a failed sync ("Connection refused", ...).
//
// Process-wide while it lives: it is used in the RTR client's child process only
// (rtr_loader.cpp), where nothing else writes to stderr.

#include <string>

namespace osescan::engine::rpki {

class StderrCapture {
public:
    StderrCapture();   // never throws: when capture is impossible stderr is left alone
    ~StderrCapture();  // restores stderr
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;

    // What was written so far, at most the last `max_bytes`.
    std::string text(size_t max_bytes = 64 * 1024) const;

private:
    int m_saved = -1;
    int m_capture = -1;
};

}  // namespace osescan::engine::rpki
