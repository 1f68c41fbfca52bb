#include "CXML.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <string.h>

typedef struct {
    int failed;
    int32_t code;
    int32_t line;
    char *message;
    int32_t capacity;
} Failure;

static void keepFirst(void *userData, xmlErrorPtr error) {
    Failure *f = (Failure *)userData;
    if (f->failed || error == NULL) return;
    f->failed = 1;
    f->code = error->code;
    f->line = error->line;
    if (f->message && f->capacity > 0) {
        const char *m = error->message ? error->message : "";
        size_t n = strlen(m);
        while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
        if (n >= (size_t)f->capacity) n = (size_t)f->capacity - 1;
        memcpy(f->message, m, n);
        f->message[n] = 0;
    }
}

static pthread_once_t initialised = PTHREAD_ONCE_INIT;
static void initialise(void) { xmlInitParser(); }

// XML_PARSE_HUGE: a run of text may be longer than libxml2's default 10,000,000 bytes (the
// callers bound the input: a .docx part 256 MB and its text 64 MB, pdftotext's output 512 MB).
// No network, no DTD loading (XML_PARSE_DTDLOAD is not given: pdftotext's XHTML names the W3C's
// DTD, which is never fetched), no entity substitution (XML_PARSE_NOENT is not given).
static const int readerOptions = XML_PARSE_NONET | XML_PARSE_HUGE;

static int32_t readAll(xmlTextReaderPtr r, int32_t maxDepth, WenshuXMLCallbacks cb,
                       int32_t *code, int32_t *line, char *message, int32_t messageCapacity);

int32_t wenshu_xml_read(const char *data, int32_t length, const char *name, int32_t maxDepth, WenshuXMLCallbacks cb,
                        int32_t *code, int32_t *line, char *message, int32_t messageCapacity) {
    pthread_once(&initialised, initialise);
    if (message && messageCapacity > 0) message[0] = 0;
    xmlTextReaderPtr r = xmlReaderForMemory(data, length, name, "UTF-8", readerOptions);
    if (r == NULL) {
        *code = 0; *line = 0;
        return 1;
    }
    return readAll(r, maxDepth, cb, code, line, message, messageCapacity);
}

int32_t wenshu_xml_read_file(const char *path, int32_t maxDepth, WenshuXMLCallbacks cb,
                             int32_t *code, int32_t *line, char *message, int32_t messageCapacity) {
    pthread_once(&initialised, initialise);
    if (message && messageCapacity > 0) message[0] = 0;
    // Opened here, not by libxml2, which may read a file name as a URI (a % in TMPDIR).
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *code = 0; *line = 0;
        return 1;
    }
    xmlTextReaderPtr r = xmlReaderForFd(fd, "pdftotext.xhtml", "UTF-8", readerOptions);
    if (r == NULL) {
        close(fd);
        *code = 0; *line = 0;
        return 1;
    }
    int32_t result = readAll(r, maxDepth, cb, code, line, message, messageCapacity);
    close(fd);
    return result;
}

static int32_t readAll(xmlTextReaderPtr r, int32_t maxDepth, WenshuXMLCallbacks cb,
                       int32_t *code, int32_t *line, char *message, int32_t messageCapacity) {
    Failure failure = {0, 0, 0, message, messageCapacity};
    xmlTextReaderSetStructuredErrorHandler(r, keepFirst, &failure);
    int32_t result = 0;
    while (!failure.failed) {
        int status = xmlTextReaderRead(r);
        if (status == 0) break;
        if (status < 0) {
            if (!failure.failed) {
                failure.failed = 1;
                failure.code = 0;
                failure.line = xmlTextReaderGetParserLineNumber(r);
            }
            break;
        }
        int32_t stop = 0;
        switch (xmlTextReaderNodeType(r)) {
        case XML_READER_TYPE_ELEMENT: {
            if (xmlTextReaderDepth(r) > maxDepth) {
                failure.failed = 1;
                failure.code = WENSHU_XML_TOO_DEEP;
                failure.line = xmlTextReaderGetParserLineNumber(r);
                break;
            }
            const char *local = (const char *)xmlTextReaderConstLocalName(r);
            const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
            int empty = xmlTextReaderIsEmptyElement(r) == 1;
            if (xmlTextReaderHasAttributes(r) == 1) {
                while (!stop && xmlTextReaderMoveToNextAttribute(r) == 1) {
                    if (xmlTextReaderIsNamespaceDecl(r) == 1) continue;
                    const char *n = (const char *)xmlTextReaderConstName(r);
                    const char *v = (const char *)xmlTextReaderConstValue(r);
                    if (n) stop = cb.attribute(cb.context, n, v ? v : "");
                }
                xmlTextReaderMoveToElement(r);
                // Moving over the attributes leaves the names where they were; read them again.
                local = (const char *)xmlTextReaderConstLocalName(r);
                ns = (const char *)xmlTextReaderConstNamespaceUri(r);
            }
            if (!stop) stop = cb.start(cb.context, local ? local : "", ns ? ns : "", empty);
            if (!stop && empty) stop = cb.end(cb.context, local ? local : "", ns ? ns : "");
            break;
        }
        case XML_READER_TYPE_END_ELEMENT: {
            const char *local = (const char *)xmlTextReaderConstLocalName(r);
            const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
            stop = cb.end(cb.context, local ? local : "", ns ? ns : "");
            break;
        }
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (v) stop = cb.text(cb.context, v);
            break;
        }
        default:
            break;
        }
        if (stop) { result = 2; break; }
    }
    if (failure.failed) result = 1;
    *code = failure.code;
    *line = failure.line;
    xmlFreeTextReader(r);
    return result;
}
