#ifndef WENSHU_CXML_H
#define WENSHU_CXML_H

#include <stdint.h>

/// What `wenshu_xml_read` hands on, node by node, like a SAX parser: each attribute of an element
/// (qualified name and value; namespace declarations left out), then the element's start (local
/// name, namespace URI or "", whether it closes itself: its end follows at once), each end, and
/// text and whitespace (CDATA, comments and processing instructions are not handed on). The
/// strings are UTF-8 and valid only during the call. A callback returning nonzero stops the read.
typedef struct {
    void *context;
    int32_t (*attribute)(void *context, const char *name, const char *value);
    int32_t (*start)(void *context, const char *local, const char *namespaceURI, int32_t empty);
    int32_t (*end)(void *context, const char *local, const char *namespaceURI);
    int32_t (*text)(void *context, const char *text);
} WenshuXMLCallbacks;

/// Reads `length` bytes of UTF-8 XML with libxml2's streaming reader (xmlTextReader), no network,
/// no DTD loading, no entity substitution, no limit on the length of a text node. Returns 0 when the document was read to its end, 1 on
/// the first error or warning (libxml2's code and line in *code and *line, its message, cut to
/// fit, in `message`), 2 when a callback stopped it.
/// An element nested deeper than `maxDepth` ends the read as an error with code
/// `WENSHU_XML_TOO_DEEP` (each open element is a node libxml2's reader keeps: a 22 KB .docx of a
/// million nested elements held 280 MB).
int32_t wenshu_xml_read(const char *data, int32_t length, const char *name, int32_t maxDepth, WenshuXMLCallbacks callbacks,
                        int32_t *code, int32_t *line, char *message, int32_t messageCapacity);

/// The same, reading the file at `path` (opened with open(2), never taken for a URI) as it goes (never held whole in memory: pdftotext's
/// XHTML for a large PDF is hundreds of megabytes); a file that cannot be opened is code 0.
int32_t wenshu_xml_read_file(const char *path, int32_t maxDepth, WenshuXMLCallbacks callbacks,
                             int32_t *code, int32_t *line, char *message, int32_t messageCapacity);

/// The error code of an element nested deeper than the read's `maxDepth` (not a libxml2 code).
#define WENSHU_XML_TOO_DEEP (-2)

#endif
