// The engine records the digests TLSA records are compared with (RFC 6698 §2.1.2-§2.1.3),
// computed by OpenSSL: checked against what `openssl x509 | openssl pkey -pubin -outform DER
// | sha256sum` etc. give for a real certificate (the one test_checks_certificate_dane.cpp uses).
#include <doctest/doctest.h>

#include <openssl/pem.h>

#include <string>

#include "engine/tls/certificate_facts.hpp"

namespace {
const std::string k_leaf_pem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBgzCCASmgAwIBAgIUcKgWbkDaEq2ri67WVmZAdtg/c7YwCgYIKoZIzj0EAwIw\n"
    "FzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MB4XDTI2MTIwNjA4NDczMVoXDTM2MTIw\n"
    "MzA4NDczMVowFzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MFkwEwYHKoZIzj0CAQYI\n"
    "KoZIzj0DAQcDQgAEnZR8gC0RRtbLXWbpR2krBmY74FJbXhCsnF25tyV2yMREfHy0\n"
    "Qv/WEbL63FaJTPcllIuGQxPNCdnci4DxZBCc1KNTMFEwHQYDVR0OBBYEFOHNsVa5\n"
    "pe9/JY9hDwWgLtMDczraMB8GA1UdIwQYMBaAFOHNsVa5pe9/JY9hDwWgLtMDczra\n"
    "MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgHyRGk/PrFZMTvMXc\n"
    "kWQ4ncMiDg2IQHVKa5gEhztKX18CIQCIDDEX0mcywCLksjgfmyWfVAudsTvW2N62\n"
    "eoLshNGttQ==\n"
    "-----END CERTIFICATE-----\n";
}  // namespace

TEST_CASE("engine: certificate digests for DANE") {
    BIO* bio = BIO_new_mem_buf(k_leaf_pem.data(), static_cast<int>(k_leaf_pem.size()));
    REQUIRE(bio != nullptr);
    X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    REQUIRE(certificate != nullptr);
    const osescan::facts::Certificate c = osescan::engine::tls::certificate_facts(certificate);
    X509_free(certificate);
    CHECK(c.sha256 == "97e6bc49c84ffdd6e2a702cc4b306a00cde440176cd7719448e214e5e2ce0934");
    CHECK(c.sha512 ==
          "88c9539d1d9c9ade67d282a206646178cd81c50da8aa1d81d16515074ad62a1f5a6a860cee03a854995087b0fa9a11979e580dedafe1"
          "745"
          "1d522ba954148ed23");
    CHECK(c.spki_sha256 == "483e58d807f05b22725131e7e04af431f33bbe765e16b42b79cc310f2aec2cce");
    CHECK(c.spki_sha512 ==
          "16a1c8edd949735b89e51fa7ff4bbd04ea64f7e6861913ed393d278fa969cfeeccf9144a8c356960a413226631cd675e2057fdf69d43"
          "4e4"
          "e36f055bc77ca847f");
    CHECK(c.spki ==
          "3059301306072a8648ce3d020106082a8648ce3d030107034200049d947c802d1146d6cb5d66e947692b06663be0525b5e10ac9c5db9"
          "b72"
          "576c8c4447c7cb442ffd611b2fadc56894cf725948b864313cd09d9dc8b80f164109cd4");
}
