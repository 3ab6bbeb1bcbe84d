// OpenSSL 3 (Debian libssl-dev): libcrypto only. Used on the cold, cached path —
// X.509 chains with RSA-PSS, CRLs — where swift-certificates has no support.
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

// OPENSSL_free is a macro; Swift needs a function.
static inline void copenssl_free(void *p) { OPENSSL_free(p); }

// XN_FLAG_RFC2253 is a compound macro Swift cannot import; UTF-8 kept unescaped.
static inline unsigned long copenssl_name_flags_rfc2253(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }
