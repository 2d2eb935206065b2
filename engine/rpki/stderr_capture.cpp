#include "engine/rpki/stderr_capture.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace osescan::engine::rpki {

StderrCapture::StderrCapture() {
    std::fflush(stderr);
    // A file, not a pipe: nobody reads while RTRlib writes, and a full pipe would block
    // RTRlib's threads.
    m_capture = ::memfd_create("osescan-rtrlib-log", MFD_CLOEXEC);
    if (m_capture < 0) return;
    m_saved = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
    if (m_saved < 0 || ::dup2(m_capture, STDERR_FILENO) < 0) {
        if (m_saved >= 0) ::close(m_saved);
        ::close(m_capture);
        m_saved = m_capture = -1;
    }
}

StderrCapture::~StderrCapture() {
    if (m_saved < 0) return;
    std::fflush(stderr);
    ::dup2(m_saved, STDERR_FILENO);
    ::close(m_saved);
    ::close(m_capture);
}

std::string StderrCapture::text(size_t max_bytes) const {
    if (m_capture < 0) return {};
    struct stat st {};
    if (::fstat(m_capture, &st) != 0 || st.st_size <= 0) return {};
    const auto size = static_cast<size_t>(st.st_size);
    const size_t length = size < max_bytes ? size : max_bytes;
    std::string out(length, '\0');
    const ssize_t n = ::pread(m_capture, out.data(), length, static_cast<off_t>(size - length));
    out.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return out;
}

}  // namespace osescan::engine::rpki
