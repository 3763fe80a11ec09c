// CPrefetch: everything is in the header (static inline); this file gives the target a source.
#include "CPrefetch.h"
