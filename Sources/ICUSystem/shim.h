// Only here so that SwiftPM applies `pkg-config icu-uc icu-i18n` flags to the CICU shim.
// Swift never imports ICU's headers directly (they rename symbols per version); see Sources/CICU.
#include <unicode/uversion.h>
