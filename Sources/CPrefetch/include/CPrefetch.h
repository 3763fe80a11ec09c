// CPrefetch: the CPU's software prefetch hint, which Swift cannot emit on its own. Used where a
// caller knows an address it will touch soon (LOAD CSV's look-ahead over index lookups).
#ifndef QUIVER_CPREFETCH_H
#define QUIVER_CPREFETCH_H

/// Starts loading the cache line holding `address` into all cache levels; never faults, even
/// for an invalid address, and returns at once.
static inline __attribute__((always_inline)) void quiver_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// As `quiver_prefetch`, for a line the caller is about to write.
static inline __attribute__((always_inline)) void quiver_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
