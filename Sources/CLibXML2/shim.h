// libxml2 2.9 (Debian libxml2-dev). Both fixes below are required; see
// ../shared/reference/swift-toolchain.md §1.4.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its headers clash with Foundation's bundled ICU
// ("'UErrorCode' has different definitions in different modules"). Dropping the
// macro removes two pointer fields from xmlCharEncodingHandler: never use that struct.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

// xmlFree is a mutable global function pointer, which Swift 6 rejects as not
// concurrency-safe; call it through this wrapper.
static inline void cxml_free(void *p) { xmlFree(p); }
