#include "bench/memory_probe.hpp"

#include <malloc.h>

#ifdef __SANITIZE_ADDRESS__
// AddressSanitizer's allocator interface (GCC ships no header for it).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

#ifdef CONTESTED_HAVE_CUDA
#include <cuda_runtime.h>

#include "backends/backend.hpp"
#endif

namespace contested::bench {

uint64_t heap_bytes_in_use() {
#ifdef __SANITIZE_ADDRESS__
  // AddressSanitizer replaces malloc, and glibc's own accounting with it.
  return __sanitizer_get_current_allocated_bytes();
#else
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
#endif
}

uint64_t device_bytes_in_use() {
#ifdef CONTESTED_HAVE_CUDA
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  if (cuda_device_count() == 0 || cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) {
    return 0;
  }
  return total_bytes - free_bytes;
#else
  return 0;
#endif
}

}  // namespace contested::bench
