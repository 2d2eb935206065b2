"""Just enough DER (X.690) to take the SubjectPublicKeyInfo out of a certificate (for
TLSA 3 1 1 records) without forking openssl for each of the world's leaves."""

import base64
import re


def _element(data, offset):
    """(tag, start of contents, end of element) of the DER element at `offset`."""
    if offset + 2 > len(data):
        raise ValueError("truncated DER")
    tag = data[offset]
    length = data[offset + 1]
    start = offset + 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[start:start + count], "big")
        start += count
    end = start + length
    if end > len(data):
        raise ValueError("truncated DER")
    return tag, start, end


def pem_to_der(certificate_pem):
    """DER of the first certificate in a PEM text."""
    body = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", certificate_pem, re.S)
    if not body:
        raise ValueError("no certificate in PEM")
    return base64.b64decode("".join(body.group(1).split()))


def spki_der(certificate_pem):
    """DER of the SubjectPublicKeyInfo of the first certificate in a PEM text (RFC 5280
    section 4.1: tbsCertificate = [0] version, serial, signature, issuer, validity,
    subject, subjectPublicKeyInfo, ...)."""
    data = pem_to_der(certificate_pem)
    _, cert_start, _ = _element(data, 0)              # Certificate SEQUENCE
    _, position, tbs_end = _element(data, cert_start)  # tbsCertificate SEQUENCE
    tag, _, end = _element(data, position)
    if tag == 0xA0:                                    # explicit [0] version
        position = end
    for _ in range(5):                                 # serial .. subject
        _, _, position = _element(data, position)
    _, _, spki_end = _element(data, position)
    if spki_end > tbs_end:
        raise ValueError("malformed tbsCertificate")
    return data[position:spki_end]
