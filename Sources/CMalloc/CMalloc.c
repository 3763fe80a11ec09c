// CMalloc: thin wrappers over glibc's malloc introspection and /proc/self/statm.
#include "CMalloc.h"
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

size_t quiver_malloc_in_use_bytes(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

int quiver_malloc_trim(void) { return malloc_trim(0); }

size_t quiver_malloc_usable_size(void *pointer) { return malloc_usable_size(pointer); }

size_t quiver_resident_bytes(void) {
    FILE *file = fopen("/proc/self/statm", "r");
    if (!file) return 0;
    unsigned long total = 0, resident = 0;
    int read = fscanf(file, "%lu %lu", &total, &resident);
    fclose(file);
    if (read != 2) return 0;
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}
