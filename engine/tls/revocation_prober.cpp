#include "engine/tls/revocation_prober.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>

#include <map>
#include <vector>

#include "engine/http/curl_http_prober.hpp"
#include "engine/tls/ocsp_answer.hpp"
#include "engine/tls/openssl_handles.hpp"
#include "engine/tls/trust_store.hpp"
#include "facts/http_url.hpp"

namespace osescan::engine::tls {
namespace {

using Done = std::function<void(facts::Observed<facts::RevocationAnswer>)>;
using Response = facts::Observed<facts::HttpResponse>;

facts::ProbeError internal(std::string detail) { return {facts::probe_error::internal, std::move(detail)}; }

X509Handle from_pem(const std::string& pem) {
    if (pem.empty()) return nullptr;
    BioHandle bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    return X509Handle(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

// RFC 6960 appendix A.1: "{url}/{url-encoding of base-64 encoding of the DER OCSPRequest}".
std::optional<std::string> ocsp_get_suffix(X509* certificate, X509* issuer) {
    OCSP_REQUEST* request = OCSP_REQUEST_new();
    OCSP_CERTID* id = OCSP_cert_to_id(nullptr, certificate, issuer);  // SHA-1, as responders expect
    if (request == nullptr || id == nullptr || OCSP_request_add0_id(request, id) == nullptr) {
        OCSP_CERTID_free(id);
        OCSP_REQUEST_free(request);
        return std::nullopt;
    }
    unsigned char* der = nullptr;
    const int length = i2d_OCSP_REQUEST(request, &der);
    OCSP_REQUEST_free(request);
    if (length <= 0) return std::nullopt;
    std::string base64(4 * ((static_cast<size_t>(length) + 2) / 3) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), der, length);
    OPENSSL_free(der);
    base64.resize(static_cast<size_t>(written));
    std::string encoded;
    for (char c : base64) {
        if (c == '+') encoded += "%2B";
        else if (c == '/') encoded += "%2F";
        else if (c == '=') encoded += "%3D";
        else encoded += c;
    }
    return encoded;
}

}  // namespace

class HttpRevocationProber::State : public std::enable_shared_from_this<State> {
public:
    State(EventLoop& loop, const ProbeSettings& settings)
        : m_loop(loop), m_http(loop, bounded(settings)), m_trust(settings.ca_file) {}

    Cancel check(const facts::RevocationRequest& request, Done done);
    size_t fetches() const { return m_fetches.size(); }

private:
    struct Waiter {
        uint64_t id;
        std::function<void(const Response&)> on_response;
    };
    struct Fetch {
        bool finished = false;
        Response response = facts::ProbeError{facts::probe_error::internal, "not fetched"};
        std::vector<Waiter> waiters;
    };

    static ProbeSettings bounded(ProbeSettings settings) {
        settings.max_http_body = k_max_revocation_body;
        return settings;
    }
    void fetch(const facts::HttpRequest& request, uint64_t id, std::function<void(const Response&)> on_response);
    void cancel(uint64_t id);

    EventLoop& m_loop;
    http::CurlHttpProber m_http;
    TrustStore m_trust;
    std::map<std::string, Fetch> m_fetches;  // by request_key of the HTTP request
    uint64_t m_next_id = 1;
};

Cancel HttpRevocationProber::State::check(const facts::RevocationRequest& request, Done done) {
    const uint64_t id = m_next_id++;
    std::weak_ptr<State> weak = weak_from_this();
    const auto fail_later = [&](facts::ProbeError error) -> Cancel {
        m_loop.post([done = std::move(done), error = std::move(error)] { done(error); });
        return [] {};
    };
    const std::optional<facts::HttpUrl> url = facts::parse_http_url(request.url);
    if (!url) return fail_later(internal("not a plain http URL: " + request.url.substr(0, 200)));
    if (request.method != "ocsp" && request.method != "crl")
        return fail_later(internal("unknown method " + request.method));
    std::shared_ptr<X509> certificate(from_pem(request.certificate_pem).release(), X509_free);
    if (!certificate) return fail_later(internal("unreadable certificate PEM"));
    X509Handle issuer_handle =
        request.issuer_pem.empty() ? m_trust.find_issuer(certificate.get(), nullptr) : from_pem(request.issuer_pem);
    ERR_clear_error();
    std::shared_ptr<X509> issuer(issuer_handle.release(), X509_free);

    facts::HttpRequest http;
    http.scheme = "http";
    http.host = url->host;
    http.address = request.address;
    http.port = url->port;
    http.path = url->path;
    if (request.method == "ocsp") {
        if (!issuer) {
            // Without the issuer there is no CertID to ask about (RFC 6960 section 4.1.1).
            facts::RevocationAnswer answer;
            answer.status = facts::revocation_status::invalid;
            answer.problem = "no-issuer";
            m_loop.post([done = std::move(done), answer] { done(answer); });
            return [] {};
        }
        const auto suffix = ocsp_get_suffix(certificate.get(), issuer.get());
        if (!suffix) return fail_later(internal("cannot encode the OCSP request"));
        if (http.path.back() != '/') http.path += '/';
        http.path += *suffix;
    }
    const bool ocsp = request.method == "ocsp";
    fetch(http, id, [done = std::move(done), certificate, issuer, ocsp](const Response& response) {
        if (!response.ok()) return done(response.error());
        const facts::HttpResponse& answer = response.value();
        if (answer.body_truncated)
            return done(
                facts::ProbeError{facts::probe_error::too_large,
                                  "the answer is larger than " + std::to_string(k_max_revocation_body) + " bytes"});
        if (answer.status != 200) {
            facts::RevocationAnswer invalid;
            invalid.status = facts::revocation_status::invalid;
            invalid.problem = "http-" + std::to_string(answer.status);
            return done(invalid);
        }
        const auto* der = reinterpret_cast<const unsigned char*>(answer.body.data());
        const long length = static_cast<long>(answer.body.size());
        facts::RevocationAnswer judged =
            ocsp ? judge_ocsp_response(der, length, certificate.get(), issuer.get(), nullptr, nullptr)
                 : judge_crl(der, length, certificate.get(), issuer.get());
        ERR_clear_error();
        done(judged);
    });
    return [weak, id] {
        if (auto self = weak.lock()) self->cancel(id);
    };
}

void HttpRevocationProber::State::fetch(const facts::HttpRequest& request, uint64_t id,
                                        std::function<void(const Response&)> on_response) {
    const std::string key = facts::request_key(request);
    auto [it, inserted] = m_fetches.try_emplace(key);
    Fetch& entry = it->second;
    if (entry.finished) {
        // Answered before (for this or another target): never call back from inside check().
        std::weak_ptr<State> weak = weak_from_this();
        m_loop.post([weak, key, on_response = std::move(on_response)] {
            auto self = weak.lock();
            if (!self) return;
            on_response(self->m_fetches.at(key).response);
        });
        return;
    }
    entry.waiters.push_back(Waiter{id, std::move(on_response)});
    if (!inserted) return;  // in flight: this waiter shares it
    std::weak_ptr<State> weak = weak_from_this();
    m_http.fetch(request, [weak, key](Response response) {
        auto self = weak.lock();
        if (!self) return;
        Fetch& done = self->m_fetches.at(key);
        done.finished = true;
        done.response = std::move(response);
        std::vector<Waiter> waiters = std::move(done.waiters);
        done.waiters.clear();
        for (Waiter& waiter : waiters) waiter.on_response(done.response);
    });
}

void HttpRevocationProber::State::cancel(uint64_t id) {
    // The fetch itself goes on: other targets may be waiting for it, and its answer is kept.
    for (auto& [key, entry] : m_fetches)
        std::erase_if(entry.waiters, [id](const Waiter& waiter) { return waiter.id == id; });
}

HttpRevocationProber::HttpRevocationProber(EventLoop& loop, const ProbeSettings& settings)
    : m_state(std::make_shared<State>(loop, settings)) {}

HttpRevocationProber::~HttpRevocationProber() = default;

Cancel HttpRevocationProber::check(const facts::RevocationRequest& request, Done done) {
    return m_state->check(request, std::move(done));
}

size_t HttpRevocationProber::fetches_started() const { return m_state->fetches(); }

}  // namespace osescan::engine::tls
