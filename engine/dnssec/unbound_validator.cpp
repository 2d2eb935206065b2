#include "engine/dnssec/unbound_validator.hpp"

#include <unbound.h>

#include <stdexcept>

#include "engine/dns/rr_types.hpp"
#include "engine/dnssec/unbound_config.hpp"
#include "engine/dnssec/validation_outcome.hpp"

namespace osescan::engine::dnssec {

namespace pe = facts::probe_error;

namespace {

constexpr int k_class_in = 1;

[[noreturn]] void setup_failed(const std::string& what, int error) {
    throw std::runtime_error("validating resolver: " + what + ": " + ub_strerror(error));
}

// libunbound's log destination is process-wide (util/log.c), shared by every context and
// kept after a context is deleted: so it must only ever point at a file that stays open.
// Its lines (val-log-level 2 writes one per validation failure) are not wanted on stderr:
// the reasons reach the facts through why_bogus.
std::FILE* quiet_log() {
    static std::FILE* const dev_null = std::fopen("/dev/null", "w");
    return dev_null;
}

// The first lines unbound logged (bounded, one line), for an error message.
std::string read_log(std::FILE* log) {
    std::rewind(log);
    char buffer[1024];
    const size_t n = std::fread(buffer, 1, sizeof buffer - 1, log);
    std::string text(buffer, n);
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

}  // namespace

struct UnboundValidator::PendingQuery {
    std::function<void(facts::Observed<facts::DnsAnswer>)> done;
    bool finished = false;   // a result is decided (maybe not yet delivered)
    bool cancelled = false;  // the caller no longer wants the result
    int async_id = 0;
    const CallbackSlot* slot = nullptr;  // while unbound may still call back
    EventLoop::TimerId deadline = 0;
};

struct UnboundValidator::CallbackSlot {
    UnboundValidator* self;
    std::shared_ptr<PendingQuery> query;
};

UnboundValidator::UnboundValidator(EventLoop& loop, const ProbeSettings& settings)
    : m_loop(loop), m_timeout(std::max(settings.timeout, std::chrono::milliseconds(1))) {
    const UnboundPlan plan = plan_unbound(settings);
    m_ctx = ub_ctx_create();
    if (m_ctx == nullptr) throw std::runtime_error("validating resolver: cannot create the libunbound context");
    std::FILE* setup_log = std::tmpfile();  // what unbound says while loading its configuration
    try {
        if (setup_log != nullptr) ub_ctx_debugout(m_ctx, setup_log);
        for (const UnboundOption& option : plan.options)
            if (int e = ub_ctx_set_option(m_ctx, option.name.c_str(), option.value.c_str()); e != 0)
                setup_failed("option " + option.name + " " + option.value, e);
        if (int e = ub_ctx_add_ta_file(m_ctx, plan.trust_anchor_file.c_str()); e != 0)
            setup_failed("trust anchor file \"" + plan.trust_anchor_file + "\"", e);
        if (!plan.forwarder.empty())
            if (int e = ub_ctx_set_fwd(m_ctx, plan.forwarder.c_str()); e != 0)
                setup_failed("forwarder " + plan.forwarder, e);
        if (int e = ub_ctx_async(m_ctx, 1); e != 0) setup_failed("background thread", e);
        // libunbound reads the trust anchor and root hints only when the context is
        // finalised, normally at the first query; a broken file would then fail every query
        // of the scan. ub_ctx_data_remove finalises first (and removes nothing: no local
        // data exists), so such a file is reported here, with unbound's own words.
        if (int e = ub_ctx_data_remove(m_ctx, "invalid."); e != 0) {
            std::string words = setup_log != nullptr ? read_log(setup_log) : "";
            throw std::runtime_error("validating resolver: cannot load the trust anchor or root hints (" +
                                     std::string(ub_strerror(e)) + ")" + (words.empty() ? "" : ": " + words));
        }
        ub_ctx_debugout(m_ctx, quiet_log());
        m_fd = ub_fd(m_ctx);
        if (m_fd < 0) throw std::runtime_error("validating resolver: libunbound has no result descriptor");
    } catch (...) {
        ub_ctx_debugout(m_ctx, quiet_log());  // before the temporary log file closes
        ub_ctx_delete(m_ctx);
        if (setup_log != nullptr) std::fclose(setup_log);
        throw;
    }
    if (setup_log != nullptr) std::fclose(setup_log);
    // Results come back through this pipe; ub_process runs their callbacks (on_result) here,
    // on the loop thread.
    m_loop.watch(m_fd, true, false, [this](bool, bool, bool) { ub_process(m_ctx); });
}

UnboundValidator::~UnboundValidator() {
    m_loop.unwatch(m_fd);
    for (auto& [key, slot] : m_slots) {
        slot->query->finished = true;
        slot->query->cancelled = true;
        m_loop.cancel(slot->query->deadline);
    }
    // Stops and joins unbound's thread; no callback runs after this.
    ub_ctx_delete(m_ctx);
    m_slots.clear();
}

void UnboundValidator::finish(const std::shared_ptr<PendingQuery>& query, facts::Observed<facts::DnsAnswer> result) {
    if (query->finished) return;
    query->finished = true;
    m_loop.cancel(query->deadline);
    query->deadline = 0;
    // Always delivered on a later turn of the loop: never from inside resolve(), and never
    // from inside ub_process (a callback may start new queries on the same context).
    m_loop.post([query, alive = std::weak_ptr<int>(m_alive), result = std::move(result)]() mutable {
        if (query->cancelled || alive.expired()) return;
        auto done = std::move(query->done);
        done(std::move(result));
    });
}

void UnboundValidator::abandon(const std::shared_ptr<PendingQuery>& query) {
    if (query->slot == nullptr) return;  // unbound is done with it already
    // In threaded mode ub_cancel succeeds for every query unbound has not delivered through
    // ub_process yet, and then never calls back: the slot can go. If it ever fails, the
    // callback may still come, and on_result frees the slot.
    if (ub_cancel(m_ctx, query->async_id) == 0) {
        m_slots.erase(query->slot);
        query->slot = nullptr;
    }
}

void UnboundValidator::on_result(void* argument, int error, ub_result* result) {
    auto* slot = static_cast<CallbackSlot*>(argument);
    UnboundValidator& self = *slot->self;
    const std::shared_ptr<PendingQuery> query = slot->query;
    query->slot = nullptr;
    self.m_slots.erase(slot);  // frees it: nothing below may use `slot`

    ValidationOutcome outcome;
    outcome.error = error;
    if (error != 0) outcome.error_text = ub_strerror(error);
    if (result != nullptr) {
        outcome.rcode = result->rcode;
        outcome.secure = result->secure != 0;
        outcome.bogus = result->bogus != 0;
        if (result->why_bogus != nullptr) outcome.why_bogus = result->why_bogus;
        if (result->answer_packet != nullptr && result->answer_len > 0)
            outcome.packet = std::span<const uint8_t>(static_cast<const uint8_t*>(result->answer_packet),
                                                      static_cast<size_t>(result->answer_len));
    } else if (error == 0) {
        outcome.error = -1;
        outcome.error_text = "no result";
    }
    facts::Observed<facts::DnsAnswer> observed = to_observed(outcome);  // copies what it keeps
    if (result != nullptr) ub_resolve_free(result);
    self.finish(query, std::move(observed));
}

Cancel UnboundValidator::resolve(const facts::DnsRequest& request,
                                 std::function<void(facts::Observed<facts::DnsAnswer>)> done) {
    auto query = std::make_shared<PendingQuery>();
    query->done = std::move(done);
    Cancel cancel = [this, query, alive = std::weak_ptr<int>(m_alive)] {
        query->cancelled = true;
        if (alive.expired() || query->finished) return;
        query->finished = true;
        m_loop.cancel(query->deadline);
        query->deadline = 0;
        abandon(query);
    };

    if (request.via != facts::DnsVia::validator) {
        finish(query, facts::ProbeError{pe::not_configured, "the validating resolver answers validator requests only"});
        return cancel;
    }
    const std::optional<uint16_t> type = dns::rr_type_number(request.type);
    if (!type) {
        finish(query, facts::ProbeError{pe::internal, "unknown DNS record type \"" + request.type + "\""});
        return cancel;
    }
    if (request.name.empty() || request.name.size() > 1024 || request.name.find('\0') != std::string::npos) {
        finish(query, facts::ProbeError{pe::dns_error, "cannot query an empty or overlong name"});
        return cancel;
    }

    auto slot = std::make_unique<CallbackSlot>(CallbackSlot{this, query});
    CallbackSlot* slot_pointer = slot.get();
    int async_id = 0;
    const int error = ub_resolve_async(m_ctx, request.name.c_str(), *type, k_class_in, slot_pointer,
                                       &UnboundValidator::on_result, &async_id);
    if (error != 0) {
        finish(query, facts::ProbeError{pe::dns_error, "cannot query \"" + request.name + "\": " + ub_strerror(error)});
        return cancel;
    }
    m_slots.emplace(slot_pointer, std::move(slot));
    query->slot = slot_pointer;
    query->async_id = async_id;
    query->deadline = m_loop.after(m_timeout, [this, query] {
        query->deadline = 0;
        if (query->finished) return;
        abandon(query);
        finish(query, facts::ProbeError{pe::timeout, "no validated DNS answer within the timeout"});
    });
    return cancel;
}

}  // namespace osescan::engine::dnssec
