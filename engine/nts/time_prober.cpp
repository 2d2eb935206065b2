#include "engine/nts/time_prober.hpp"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/nts/ntp_client.hpp"

namespace osescan::engine::nts {

namespace {
// One worker's result on its way to the loop. Shared by the worker and the loop; the last
// one to let go closes the eventfd.
template <class T>
struct Handoff {
    int event_fd = -1;
    std::mutex mutex;
    std::optional<facts::Observed<T>> result;
    ~Handoff() {
        if (event_fd >= 0) ::close(event_fd);
    }
};

template <class T, class Work>
Cancel run_on_worker(EventLoop& loop, Work work, std::function<void(facts::Observed<T>)> done) {
    auto handoff = std::make_shared<Handoff<T>>();
    handoff->event_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (handoff->event_fd < 0) {
        loop.post([done] { done(facts::ProbeError{facts::probe_error::internal, "eventfd failed"}); });
        return [] {};
    }
    const int fd = handoff->event_fd;
    auto cancelled = std::make_shared<bool>(false);
    loop.watch(fd, true, false, [&loop, fd, handoff, done, cancelled](bool, bool, bool) {
        uint64_t ignored = 0;
        if (::read(fd, &ignored, sizeof ignored) < 0) return;  // spurious wake-up
        loop.unwatch(fd);
        std::optional<facts::Observed<T>> result;
        {
            std::lock_guard<std::mutex> lock(handoff->mutex);
            result = std::move(handoff->result);
        }
        if (!*cancelled && result) done(std::move(*result));
    });
    std::thread([handoff, work = std::move(work)]() mutable {
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
        facts::Observed<T> result = facts::ProbeError{facts::probe_error::internal, "time probe failed"};
        try {
            result = work();
        } catch (const std::exception& e) {
            result = facts::ProbeError{facts::probe_error::internal, e.what()};
        }
        std::lock_guard<std::mutex> lock(handoff->mutex);
        handoff->result = std::move(result);
        const uint64_t one = 1;
        if (::write(handoff->event_fd, &one, sizeof one) < 0) return;
    }).detach();
    return [&loop, fd, cancelled] {
        *cancelled = true;
        loop.unwatch(fd);
    };
}
}  // namespace

ThreadTimeProber::ThreadTimeProber(EventLoop& loop, const ProbeSettings& settings)
    : m_loop(loop), m_timeout(settings.timeout),
      m_context(std::make_shared<const NtsContext>(make_nts_context(settings.ca_file))) {}

Cancel ThreadTimeProber::nts(const facts::NtsRequest& request,
                             std::function<void(facts::Observed<facts::NtsExchange>)> done) {
    auto context = m_context;
    const auto timeout = m_timeout;
    return run_on_worker<facts::NtsExchange>(
        m_loop, [context, request, timeout] { return nts_exchange(*context, request, timeout); }, std::move(done));
}

Cancel ThreadTimeProber::ntp(const facts::NtpRequest& request,
                             std::function<void(facts::Observed<facts::NtpExchange>)> done) {
    const auto timeout = m_timeout;
    return run_on_worker<facts::NtpExchange>(
        m_loop, [request, timeout] { return ntp_query(request.address, request.port, nullptr, timeout); },
        std::move(done));
}

}  // namespace osescan::engine::nts
