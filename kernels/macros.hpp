// One macro marks every model function for both backends: nvcc compiles it for host and
// device, the host compiler sees a plain inline function.
#pragma once

#if defined(__CUDACC__)
#define CONTESTED_FUNCTION __host__ __device__ inline
#else
#define CONTESTED_FUNCTION inline
#endif
