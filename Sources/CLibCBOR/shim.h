// libcbor 0.8 (Debian libcbor-dev): encodes and decodes EAR results as CBOR.
#include <cbor.h>
