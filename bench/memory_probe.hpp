// How much memory a backend holds: host memory this process has allocated, and device
// memory in use on the current GPU (read before and after building a backend).
#pragma once

#include <cstdint>

namespace contested::bench {

// Bytes this process holds from malloc now (heap and mapped blocks): unlike resident
// memory, not hidden by freed pages the allocator keeps for reuse.
uint64_t heap_bytes_in_use();

// Bytes in use on the current CUDA device now (total minus free); 0 without the CUDA
// backend or a device.
uint64_t device_bytes_in_use();

}  // namespace contested::bench
