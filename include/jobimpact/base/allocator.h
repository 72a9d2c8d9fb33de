// Process-wide allocator settings for programs that build and drop arrays of
// millions of values (survey columns, influence values, replicate sums).
#ifndef JOBIMPACT_BASE_ALLOCATOR_H_
#define JOBIMPACT_BASE_ALLOCATOR_H_

namespace jobimpact {

// Serves large allocations from the heap and keeps freed memory for reuse
// instead of returning it to the system: glibc otherwise maps every array
// over its mmap threshold afresh and unmaps it on free, so each new array
// page-faults in again (on the 1M-row survey benchmark, half the estimation
// time). Peak memory is unchanged; freed memory is kept until exit. Call once,
// first thing in main(); a no-op where the C library is not glibc.
void KeepLargeAllocationsInTheHeap();

// Where the kernel gives transparent huge pages on request ("madvise" mode,
// Debian's default) and glibc's malloc has not been told to ask for them,
// re-executes the program (/proc/self/exe, same arguments) with
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 added, so that large arrays are
// backed by 2 MiB pages: a page fault then maps 512 times the memory (the
// 1M-row linearization benchmark: 0.53 s -> 0.21 s). Returns normally when
// nothing is to be done or the re-execution fails. Call first in main().
void UseHugePagesForLargeArrays(char** argv);

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_ALLOCATOR_H_
