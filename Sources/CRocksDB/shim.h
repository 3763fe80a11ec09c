// CRocksDB: the system library librocksdb (Debian librocksdb-dev 7.8) seen through its C API.
#ifndef QUIVER_CROCKSDB_SHIM_H
#define QUIVER_CROCKSDB_SHIM_H
#include <rocksdb/c.h>
#endif
