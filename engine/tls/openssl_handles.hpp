#pragma once
// Owning handles for the OpenSSL objects the TLS prober creates (RAII, no manual frees).

#include <openssl/bio.h>
#include <openssl/ocsp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace osescan::engine::tls {

template <auto free_function>
struct OpenSslDeleter {
    template <class T>
    void operator()(T* pointer) const {
        free_function(pointer);
    }
};

using SslCtxHandle = std::unique_ptr<SSL_CTX, OpenSslDeleter<SSL_CTX_free>>;
using SslHandle = std::unique_ptr<SSL, OpenSslDeleter<SSL_free>>;
using BioHandle = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using X509Handle = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using X509StoreHandle = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>>;
using X509StoreCtxHandle = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;
using OcspResponseHandle = std::unique_ptr<OCSP_RESPONSE, OpenSslDeleter<OCSP_RESPONSE_free>>;
using OcspBasicHandle = std::unique_ptr<OCSP_BASICRESP, OpenSslDeleter<OCSP_BASICRESP_free>>;
using OcspCertIdHandle = std::unique_ptr<OCSP_CERTID, OpenSslDeleter<OCSP_CERTID_free>>;
using GeneralNamesHandle = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES_free>>;

// A STACK_OF(X509) that owns its certificates.
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509StackHandle = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

}  // namespace osescan::engine::tls
