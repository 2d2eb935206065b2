#include "engine/tls/trust_store.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace osescan::engine::tls {
namespace {

std::string last_openssl_error() {
    const unsigned long error = ERR_peek_last_error();
    ERR_clear_error();
    if (error == 0) return "unknown error";
    char text[256];
    ERR_error_string_n(error, text, sizeof text);
    return text;
}

}  // namespace

TrustStore::TrustStore(const std::string& ca_file) : m_store(X509_STORE_new()) {
    if (!m_store) throw std::runtime_error("cannot create the certificate store: " + last_openssl_error());
    // A missing system store is not fatal: the scan then trusts only --ca-file.
    X509_STORE_set_default_paths(m_store.get());
    ERR_clear_error();
    if (!ca_file.empty() && X509_STORE_load_file(m_store.get(), ca_file.c_str()) != 1)
        throw std::runtime_error("cannot load CA file '" + ca_file + "': " + last_openssl_error());
}

ChainVerdict TrustStore::verify(STACK_OF(X509) * chain) const {
    ChainVerdict verdict;
    if (chain == nullptr || sk_X509_num(chain) == 0) {
        verdict.code = X509_V_ERR_UNSPECIFIED;
        verdict.message = "the server sent no certificate";
        return verdict;
    }
    X509StoreCtxHandle context(X509_STORE_CTX_new());
    if (!context || X509_STORE_CTX_init(context.get(), m_store.get(), sk_X509_value(chain, 0), chain) != 1) {
        verdict.code = X509_V_ERR_UNSPECIFIED;
        verdict.message = "cannot set up verification: " + last_openssl_error();
        return verdict;
    }
    // "ssl_server": the purpose and trust a TLS client uses (extended key usage serverAuth).
    X509_STORE_CTX_set_default(context.get(), "ssl_server");
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
    X509_VERIFY_PARAM_set_auth_level(param, 0);
    verdict.ok = X509_verify_cert(context.get()) == 1;
    verdict.code = X509_STORE_CTX_get_error(context.get());
    if (verdict.ok) verdict.code = X509_V_OK;
    verdict.message = X509_verify_cert_error_string(verdict.code);
    ERR_clear_error();
    return verdict;
}

X509Handle TrustStore::find_issuer(X509* leaf, STACK_OF(X509) * chain) const {
    for (int i = 1; i < sk_X509_num(chain); ++i) {
        X509* candidate = sk_X509_value(chain, i);
        if (X509_check_issued(candidate, leaf) == X509_V_OK) {
            X509_up_ref(candidate);
            return X509Handle(candidate);
        }
    }
    X509StoreCtxHandle context(X509_STORE_CTX_new());
    X509* issuer = nullptr;
    if (context && X509_STORE_CTX_init(context.get(), m_store.get(), leaf, nullptr) == 1 &&
        X509_STORE_CTX_get1_issuer(&issuer, context.get(), leaf) == 1)
        return X509Handle(issuer);
    ERR_clear_error();
    return nullptr;
}

bool leaf_matches_name(X509* leaf, const std::string& host) {
    if (leaf == nullptr || host.empty()) return false;
    const unsigned int flags = X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    const int result = X509_check_host(leaf, host.data(), host.size(), flags, nullptr);
    ERR_clear_error();
    return result == 1;
}

}  // namespace osescan::engine::tls
