// Only here so that SwiftPM applies `pkg-config libxml-2.0` flags to the CXML shim. Swift never
// imports libxml2's headers directly (they include ICU's, which clash with Foundation's copy of
// ICU); see Sources/CXML.
#include <libxml/xmlversion.h>
