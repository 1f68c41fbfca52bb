// CICU — a thin C shim over the system ICU (libicu).
//
// ICU's headers rename every function with a version suffix (ubrk_open_72 …), so Swift calls
// these small wrappers instead. Text is UTF-16 (uint16_t, ICU's UChar). Every function that can
// fail takes `int32_t *status`, ICU's UErrorCode: 0 is success, > 0 is a failure, < 0 a warning.
// Every *_open has a matching *_close; Swift wraps each handle in a class whose deinit closes it.
#ifndef WENSHU_CICU_H
#define WENSHU_CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The name ICU gives an error code, e.g. "U_ILLEGAL_ARGUMENT_ERROR".
const char *wenshu_error_name(int32_t status);

/// The ICU version, e.g. "72.1".
void wenshu_icu_version(char *out, int32_t capacity);

// MARK: Break iteration (word and sentence)

enum { WENSHU_BREAK_WORD = 1, WENSHU_BREAK_SENTENCE = 3 };

typedef struct WenshuBreakIterator WenshuBreakIterator;

/// Opens a break iterator of `kind` for `locale` (e.g. "zh"). Returns NULL and sets status on failure.
WenshuBreakIterator *wenshu_break_open(int32_t kind, const char *locale, int32_t *status);
void wenshu_break_close(WenshuBreakIterator *iterator);

/// Finds every boundary of `text` (including 0 and `length`), writing at most `capacity` of them
/// into `boundaries` and the rule status of the segment that ends at each boundary into
/// `ruleStatus` (may be NULL). Returns how many boundaries there are; when that exceeds
/// `capacity`, call again with a larger buffer. The iterator does not keep `text`.
int32_t wenshu_break_all(WenshuBreakIterator *iterator, const uint16_t *text, int32_t length,
                         int32_t *boundaries, int32_t *ruleStatus, int32_t capacity,
                         int32_t *status);

// MARK: Normalisation and transliteration

/// NFKC-normalises `source` into `dest`. Returns the needed length (preflight with capacity 0).
int32_t wenshu_nfkc(const uint16_t *source, int32_t length, uint16_t *dest, int32_t capacity,
                    int32_t *status);

typedef struct WenshuTransliterator WenshuTransliterator;

/// Opens an ICU transliterator by id, e.g. "Traditional-Simplified" (alias "Hant-Hans").
WenshuTransliterator *wenshu_translit_open(const uint16_t *id, int32_t idLength, int32_t *status);
void wenshu_translit_close(WenshuTransliterator *transliterator);

/// Transliterates `text` in place. `*length` is the text's length on entry and the result's on
/// return; `capacity` is the buffer's size. Returns 0 when the buffer was too small.
int32_t wenshu_translit(WenshuTransliterator *transliterator, uint16_t *text, int32_t *length,
                        int32_t capacity, int32_t *status);

// MARK: Charset detection and conversion

/// Detects the charset of `bytes`. Writes ICU's name for it (e.g. "GB18030", "UTF-8") into `name`
/// and its confidence (0–100) into `confidence`. Returns 1 when a charset was found, 0 when none.
int32_t wenshu_detect_charset(const char *bytes, int32_t length, char *name, int32_t nameCapacity,
                              int32_t *confidence, int32_t *status);

typedef struct WenshuConverter WenshuConverter;

/// Opens a converter for `charset` that stops at the first illegal or unmappable byte sequence.
WenshuConverter *wenshu_converter_open(const char *charset, int32_t *status);
void wenshu_converter_close(WenshuConverter *converter);

/// Converts bytes to UTF-16, streaming: consumes from `source`, produces into `dest`.
/// `*consumed` and `*produced` report progress; on U_BUFFER_OVERFLOW_ERROR call again with the
/// rest. On an illegal sequence status is a failure and `*consumed` is the offset just past the
/// bad bytes. `flush` is 1 for the last chunk.
void wenshu_convert_to_utf16(WenshuConverter *converter, const char *source, int32_t sourceLength,
                             uint16_t *dest, int32_t destCapacity, int32_t flush,
                             int32_t *consumed, int32_t *produced, int32_t *status);

// MARK: Regular expressions

typedef struct WenshuRegex WenshuRegex;

/// Compiles an ICU regular expression (the syntax NSRegularExpression uses, flags 0). Returns
/// NULL and sets status on failure; `errorOffset` (may be NULL) gets the offset of a syntax error.
WenshuRegex *wenshu_regex_open(const uint16_t *pattern, int32_t length, int32_t *errorOffset, int32_t *status);
/// A copy sharing the compiled pattern, for another thread (a regex is used by one thread at a time).
WenshuRegex *wenshu_regex_clone(const WenshuRegex *regex, int32_t *status);
void wenshu_regex_close(WenshuRegex *regex);
/// Sets how long one search (a find, lookingAt or match) may run, in ICU's ticks (10,000 steps
/// of its engine each); 0 means no limit. Opened and cloned regexes get 10,000 ticks (a second or
/// two). A search that runs out ends with U_REGEX_TIME_OUT (`wenshu_regex_stopped`).
void wenshu_regex_set_time_limit(WenshuRegex *regex, int32_t ticks);
/// Whether `status` says a search was stopped by ICU's limits (its time limit, or its backtrack
/// stack) rather than having ended: what it found so far is not all there is.
int32_t wenshu_regex_stopped(int32_t status);

/// Finds the non-empty matches of `regex` in `text` (UTF-16, `length` units), writing at most
/// `capacity` of their [start, end) offsets into `starts` and `ends`. Returns how many there are;
/// when that exceeds `capacity`, call again with larger buffers. The text is read in place (not
/// copied), so one call is linear in the text's length for a linear pattern. The regex does not
/// keep `text` after the call.
int32_t wenshu_regex_find_all(WenshuRegex *regex, const uint16_t *text, int32_t length,
                              int32_t *starts, int32_t *ends, int32_t capacity, int32_t *status);

/// The same matches as `wenshu_regex_find_all(full, …)` for a pattern of the shape
/// `C{minimum,maximum}R` — a character class repeated a bounded number of times, then the rest —
/// found from the rest: `core` (R compiled alone) finds each position where R matches, and only
/// the positions `minimum…maximum` code points before it are tried with `full` (anchored there,
/// lookaround seeing the whole text). A leading class such as `[\u4e00-\u9fa5]{0,8}` otherwise
/// makes ICU try every Han character of the text with every backtrack of the repetition.
int32_t wenshu_regex_find_all_hoisted(WenshuRegex *full, WenshuRegex *core, int32_t minimum, int32_t maximum,
                                      const uint16_t *text, int32_t length,
                                      int32_t *starts, int32_t *ends, int32_t capacity, int32_t *status);

/// The same matches as `wenshu_regex_find_all(full, …)` (or `_hoisted` when `core` is not NULL),
/// found by trying only `candidates`: ascending offsets that include every place a match (of
/// `core` when hoisted) can begin — the units that can start one, found by the caller in one pass
/// for a whole pattern list (`FirstCharacters`). Each is tried anchored there (`lookingAt`,
/// lookaround and `\b` seeing the whole text, `^` only at its real start), so ICU no longer
/// tests every character of the text against the pattern's start set. Called block by block:
/// `*next` (0 at first) carries the first offset a match may still start at between calls.
/// Writes at most `capacity` matches and returns how many there are; with `stopWhenFull`, stops
/// trying candidates once `capacity` are found. ICU's time limit holds for each try; `budget`
/// (may be NULL) holds for all of them: the time in nanoseconds (a monotonic clock) the call may
/// still spend, lessened by what it spent; when it runs out the call stops with U_REGEX_TIME_OUT
/// (many tries each under ICU's limit would otherwise add up without bound).
int32_t wenshu_regex_find_at(WenshuRegex *full, WenshuRegex *core, int32_t minimum, int32_t maximum,
                             const uint16_t *text, int32_t length, const int32_t *candidates, int32_t count,
                             int32_t *next, int32_t *starts, int32_t *ends, int32_t capacity, int32_t stopWhenFull,
                             int64_t *budget, int32_t *status);

/// Whether `regex` matches anywhere in `text` — a match of no characters counts, as with
/// NSRegularExpression's `firstMatch` — and where the first match starts (`*start`).
int32_t wenshu_regex_first(WenshuRegex *regex, const uint16_t *text, int32_t length, int32_t *start, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif
