// The memory allocator's settings, read by jemalloc when the process starts (docs/decisions.md, 43).
//
// A large run allocates its columns, dictionaries and output buffers once and touches every page; on a
// virtual machine each first touch of a 4 KiB page is a costly fault (a quarter of a 1-million-lead run's
// time). Transparent huge pages make it one fault per 2 MiB, and this machine's kernel grants them only to
// memory that asks (`madvise`), which glibc's malloc does not do unless told by an environment variable.
// jemalloc asks for them with `thp:always`; `metadata_thp:auto` does the same for its own tables once they
// grow. The sanitizer build keeps ASan's allocator and does not compile this file.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
