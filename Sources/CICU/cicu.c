#include "CICU.h"

#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/uregex.h>
#include <unicode/uversion.h>
#include <unicode/utypes.h>

const char *wenshu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

void wenshu_icu_version(char *out, int32_t capacity) {
    UVersionInfo info;
    char buffer[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, buffer);
    if (capacity <= 0) return;
    strncpy(out, buffer, (size_t)capacity - 1);
    out[capacity - 1] = 0;
}

// MARK: Break iteration

WenshuBreakIterator *wenshu_break_open(int32_t kind, const char *locale, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open((UBreakIteratorType)kind, locale, NULL, 0, &err);
    *status = err;
    if (U_FAILURE(err)) {
        if (bi) ubrk_close(bi);
        return NULL;
    }
    return (WenshuBreakIterator *)bi;
}

void wenshu_break_close(WenshuBreakIterator *iterator) {
    if (iterator) ubrk_close((UBreakIterator *)iterator);
}

int32_t wenshu_break_all(WenshuBreakIterator *iterator, const uint16_t *text, int32_t length,
                         int32_t *boundaries, int32_t *ruleStatus, int32_t capacity,
                         int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = (UBreakIterator *)iterator;
    static const UChar empty[1] = {0};
    ubrk_setText(bi, length > 0 ? (const UChar *)text : empty, length, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t count = 0;
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
        if (count < capacity) {
            boundaries[count] = b;
            if (ruleStatus) ruleStatus[count] = ubrk_getRuleStatus(bi);
        }
        count++;
    }
    // Detach the caller's buffer so the iterator never points at freed memory.
    UErrorCode ignored = U_ZERO_ERROR;
    ubrk_setText(bi, empty, 0, &ignored);
    *status = U_ZERO_ERROR;
    return count;
}

// MARK: Normalisation and transliteration

int32_t wenshu_nfkc(const uint16_t *source, int32_t length, uint16_t *dest, int32_t capacity,
                    int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);  // shared instance: never closed
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t n = unorm2_normalize(nfkc, (const UChar *)source, length, (UChar *)dest, capacity, &err);
    *status = err;
    return n;
}

WenshuTransliterator *wenshu_translit_open(const uint16_t *id, int32_t idLength, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU((const UChar *)id, idLength, UTRANS_FORWARD, NULL, 0, NULL, &err);
    *status = err;
    if (U_FAILURE(err)) {
        if (t) utrans_close(t);
        return NULL;
    }
    return (WenshuTransliterator *)t;
}

void wenshu_translit_close(WenshuTransliterator *transliterator) {
    if (transliterator) utrans_close((UTransliterator *)transliterator);
}

int32_t wenshu_translit(WenshuTransliterator *transliterator, uint16_t *text, int32_t *length,
                        int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t limit = *length;
    utrans_transUChars((const UTransliterator *)transliterator, (UChar *)text, length, capacity, 0,
                       &limit, &err);
    *status = err;
    return U_FAILURE(err) ? 0 : 1;
}

// MARK: Charset detection and conversion

int32_t wenshu_detect_charset(const char *bytes, int32_t length, char *name, int32_t nameCapacity,
                              int32_t *confidence, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_FAILURE(err)) { *status = err; if (det) ucsdet_close(det); return 0; }
    ucsdet_setText(det, bytes, length, &err);
    const UCharsetMatch *match = U_SUCCESS(err) ? ucsdet_detect(det, &err) : NULL;
    int32_t found = 0;
    if (U_SUCCESS(err) && match) {
        const char *n = ucsdet_getName(match, &err);
        int32_t c = ucsdet_getConfidence(match, &err);
        if (U_SUCCESS(err) && n && nameCapacity > 0) {
            strncpy(name, n, (size_t)nameCapacity - 1);
            name[nameCapacity - 1] = 0;
            *confidence = c;
            found = 1;
        }
    }
    ucsdet_close(det);
    *status = err;
    return found;
}

WenshuConverter *wenshu_converter_open(const char *charset, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(charset, &err);
    if (U_SUCCESS(err)) {
        ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    }
    *status = err;
    if (U_FAILURE(err)) {
        if (conv) ucnv_close(conv);
        return NULL;
    }
    return (WenshuConverter *)conv;
}

void wenshu_converter_close(WenshuConverter *converter) {
    if (converter) ucnv_close((UConverter *)converter);
}

void wenshu_convert_to_utf16(WenshuConverter *converter, const char *source, int32_t sourceLength,
                             uint16_t *dest, int32_t destCapacity, int32_t flush,
                             int32_t *consumed, int32_t *produced, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    const char *src = source;
    UChar *dst = (UChar *)dest;
    ucnv_toUnicode((UConverter *)converter, &dst, (UChar *)dest + destCapacity, &src,
                   source + sourceLength, NULL, (UBool)(flush != 0), &err);
    *consumed = (int32_t)(src - source);
    *produced = (int32_t)(dst - (UChar *)dest);
    *status = err;
}

// MARK: Regular expressions

#define WENSHU_REGEX_TIME_LIMIT 10000

WenshuRegex *wenshu_regex_open(const uint16_t *pattern, int32_t length, int32_t *errorOffset, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UParseError pe;
    URegularExpression *re = uregex_open((const UChar *)pattern, length, 0, &pe, &err);
    if (errorOffset) *errorOffset = pe.offset;
    // A backstop, not a budget: no single search may run for more than 10,000 of ICU's ticks
    // (a tick is 10,000 steps of its engine: in all a second or two on a current machine). Patterns are checked for the
    // shapes that backtrack (PatternSafety) and searched in windows; a search that still runs
    // this long ends with U_REGEX_TIME_OUT instead of holding the process.
    if (U_SUCCESS(err)) uregex_setTimeLimit(re, WENSHU_REGEX_TIME_LIMIT, &err);
    *status = err;
    if (U_FAILURE(err)) {
        if (re) uregex_close(re);
        return NULL;
    }
    return (WenshuRegex *)re;
}

WenshuRegex *wenshu_regex_clone(const WenshuRegex *regex, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    URegularExpression *re = uregex_clone((const URegularExpression *)regex, &err);
    if (U_SUCCESS(err)) uregex_setTimeLimit(re, WENSHU_REGEX_TIME_LIMIT, &err);
    *status = err;
    if (U_FAILURE(err)) {
        if (re) uregex_close(re);
        return NULL;
    }
    return (WenshuRegex *)re;
}

void wenshu_regex_close(WenshuRegex *regex) {
    if (regex) uregex_close((URegularExpression *)regex);
}

void wenshu_regex_set_time_limit(WenshuRegex *regex, int32_t ticks) {
    UErrorCode err = U_ZERO_ERROR;
    if (regex) uregex_setTimeLimit((URegularExpression *)regex, ticks < 0 ? 0 : ticks, &err);
}

int32_t wenshu_regex_stopped(int32_t status) {
    return status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW;
}

int32_t wenshu_regex_find_all(WenshuRegex *regex, const uint16_t *text, int32_t length,
                              int32_t *starts, int32_t *ends, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    URegularExpression *re = (URegularExpression *)regex;
    static const UChar empty[1] = {0};
    uregex_setText(re, length > 0 ? (const UChar *)text : empty, length, &err);
    int32_t count = 0;
    while (U_SUCCESS(err) && uregex_findNext(re, &err)) {
        int32_t a = uregex_start(re, 0, &err), b = uregex_end(re, 0, &err);
        if (U_FAILURE(err)) break;
        if (b <= a) continue;
        if (count < capacity) { starts[count] = a; ends[count] = b; }
        count++;
    }
    // Forget the caller's buffer.
    UErrorCode reset = U_ZERO_ERROR;
    uregex_setText(re, empty, 0, &reset);
    *status = err;
    return count;
}

int32_t wenshu_regex_find_all_hoisted(WenshuRegex *full, WenshuRegex *core, int32_t minimum, int32_t maximum,
                                      const uint16_t *text, int32_t length,
                                      int32_t *starts, int32_t *ends, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    URegularExpression *p = (URegularExpression *)full, *r = (URegularExpression *)core;
    static const UChar empty[1] = {0};
    const UChar *t = length > 0 ? (const UChar *)text : empty;
    uregex_setText(p, t, length, &err);
    uregex_setText(r, t, length, &err);
    uregex_useTransparentBounds(p, 1, &err);
    uregex_useAnchoringBounds(p, 0, &err);
    int32_t count = 0;
    int32_t next = 0;        // the first start the full pattern may still take (after the last match)
    int32_t searchFrom = 0;  // where the next search for the core begins
    while (U_SUCCESS(err) && searchFrom <= length && uregex_find(r, searchFrom, &err)) {
        int32_t q = uregex_start(r, 0, &err);
        if (U_FAILURE(err)) break;
        // The starts that reach q through `minimum…maximum` code points of the class: [lo, hi].
        int32_t hi = q, k = 0;
        for (; k < minimum && hi > 0; k++) U16_BACK_1(t, 0, hi);
        if (k == minimum) {
            int32_t lo = hi;
            for (; k < maximum && lo > 0; k++) U16_BACK_1(t, 0, lo);
            int32_t s = lo > next ? lo : next;
            while (s <= hi && U_SUCCESS(err)) {
                uregex_setRegion(p, s, length, &err);
                if (U_SUCCESS(err) && uregex_lookingAt(p, -1, &err)) {
                    int32_t a = uregex_start(p, 0, &err), b = uregex_end(p, 0, &err);
                    if (U_FAILURE(err)) break;
                    if (b > a) {
                        if (count < capacity) { starts[count] = a; ends[count] = b; }
                        count++;
                        next = s = b;
                        continue;
                    }
                }
                if (s >= length) { next = length + 1; break; }
                U16_FWD_1(t, s, length);
                next = s;
            }
        }
        if (q >= length) break;
        searchFrom = q;
        U16_FWD_1(t, searchFrom, length);
    }
    UErrorCode reset = U_ZERO_ERROR;
    uregex_setText(p, empty, 0, &reset);
    uregex_setText(r, empty, 0, &reset);
    *status = err;
    return count;
}

/// A monotonic clock in nanoseconds (0 where it is missing). Not the thread's CPU time: that
/// clock is a system call (a microsecond on a VM), this one about 50 ns.
static int64_t wenshu_clock_nanoseconds(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int32_t wenshu_regex_find_at(WenshuRegex *full, WenshuRegex *core, int32_t minimum, int32_t maximum,
                             const uint16_t *text, int32_t length, const int32_t *candidates, int32_t count,
                             int32_t *next, int32_t *starts, int32_t *ends, int32_t capacity, int32_t stopWhenFull,
                             int64_t *budget, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    int64_t began = budget ? wenshu_clock_nanoseconds() : 0, lastCheck = began;
    int32_t interval = 1, sinceCheck = 0;
    URegularExpression *p = (URegularExpression *)full, *r = (URegularExpression *)core;
    static const UChar empty[1] = {0};
    const UChar *t = length > 0 ? (const UChar *)text : empty;
    uregex_setText(p, t, length, &err);
    uregex_useTransparentBounds(p, 1, &err);
    uregex_useAnchoringBounds(p, 0, &err);
    if (r) {
        uregex_setText(r, t, length, &err);
        uregex_useTransparentBounds(r, 1, &err);
        uregex_useAnchoringBounds(r, 0, &err);
    }
    int32_t found = 0;
    int32_t n = *next;
    for (int32_t c = 0; c < count && U_SUCCESS(err); c++) {
        if (stopWhenFull && found >= capacity) break;
        if (budget && ++sinceCheck >= interval) {
            // Read the clock before every try while tries are slow, and at most every 64 tries
            // while they are cheap.
            int64_t now = wenshu_clock_nanoseconds();
            if (now - began >= *budget) { err = U_REGEX_TIME_OUT; break; }
            if ((now - lastCheck) / sinceCheck < 20000) { if (interval < 64) interval *= 2; } else interval = 1;
            lastCheck = now;
            sinceCheck = 0;
        }
        int32_t q = candidates[c];
        if (q < 0 || q >= length) continue;
        if (!r) {
            // The pattern itself: the next match starts at the first candidate (not inside the
            // last match) where it matches.
            if (q < n) continue;
            uregex_setRegion(p, q, length, &err);
            if (U_FAILURE(err) || !uregex_lookingAt(p, -1, &err)) continue;
            int32_t a = uregex_start(p, 0, &err), b = uregex_end(p, 0, &err);
            if (U_FAILURE(err)) break;
            if (b <= a) continue;
            if (found < capacity) { starts[found] = a; ends[found] = b; }
            found++;
            n = b;
            continue;
        }
        // Hoisted: where the core matches, try the starts `minimum…maximum` code points before it,
        // exactly as wenshu_regex_find_all_hoisted does after each uregex_find of the core.
        uregex_setRegion(r, q, length, &err);
        if (U_FAILURE(err) || !uregex_lookingAt(r, -1, &err)) continue;
        if (U_FAILURE(err)) break;
        int32_t hi = q, k = 0;
        for (; k < minimum && hi > 0; k++) U16_BACK_1(t, 0, hi);
        if (k != minimum) continue;
        int32_t lo = hi;
        for (; k < maximum && lo > 0; k++) U16_BACK_1(t, 0, lo);
        int32_t s = lo > n ? lo : n;
        while (s <= hi && U_SUCCESS(err) && !(stopWhenFull && found >= capacity)) {
            uregex_setRegion(p, s, length, &err);
            if (U_SUCCESS(err) && uregex_lookingAt(p, -1, &err)) {
                int32_t a = uregex_start(p, 0, &err), b = uregex_end(p, 0, &err);
                if (U_FAILURE(err)) break;
                if (b > a) {
                    if (found < capacity) { starts[found] = a; ends[found] = b; }
                    found++;
                    n = s = b;
                    continue;
                }
            }
            if (s >= length) { n = length + 1; break; }
            U16_FWD_1(t, s, length);
            n = s;
        }
    }
    *next = n;
    if (budget) *budget -= wenshu_clock_nanoseconds() - began;
    UErrorCode reset = U_ZERO_ERROR;
    uregex_setText(p, empty, 0, &reset);
    if (r) uregex_setText(r, empty, 0, &reset);
    *status = err;
    return found;
}

int32_t wenshu_regex_first(WenshuRegex *regex, const uint16_t *text, int32_t length, int32_t *start, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    URegularExpression *re = (URegularExpression *)regex;
    static const UChar empty[1] = {0};
    uregex_setText(re, length > 0 ? (const UChar *)text : empty, length, &err);
    int32_t found = 0;
    if (U_SUCCESS(err) && uregex_find(re, 0, &err)) {
        int32_t a = uregex_start(re, 0, &err);
        if (U_SUCCESS(err)) { *start = a; found = 1; }
    }
    UErrorCode reset = U_ZERO_ERROR;
    uregex_setText(re, empty, 0, &reset);
    *status = err;
    return found;
}
