// CMalloc: the allocator facts Swift's Glibc module does not export (mallinfo2, malloc_trim,
// malloc_usable_size). Used for memory accounting and FREE MEMORY; nothing else belongs here.
#ifndef QUIVER_CMALLOC_H
#define QUIVER_CMALLOC_H
#include <stddef.h>

/// Bytes currently handed out by malloc (in-use arena chunks plus mmapped chunks).
size_t quiver_malloc_in_use_bytes(void);
/// Returns free heap pages to the operating system; 1 if any memory was released.
int quiver_malloc_trim(void);
/// The usable size of a block returned by malloc.
size_t quiver_malloc_usable_size(void *pointer);
/// Resident set size of this process in bytes, read from /proc/self/statm (0 if unknown).
size_t quiver_resident_bytes(void);

#endif
