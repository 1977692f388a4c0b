// How much memory a run needs, estimated before it starts, against what the machine (or
// --memory-limit) allows. A run that cannot fit is refused up front with the figures, rather
// than failing hours in; one that fits takes smaller chunks when memory is short (results
// never depend on the chunk).
#pragma once

#include <cstdint>
#include <string>

namespace contested {

struct MemoryNeed {
  uint64_t fixed_bytes = 0;       // exact accumulators and results, whatever the chunk
  uint64_t per_trial_bytes = 0;   // a chunk's record rows, per trial of the chunk
  uint64_t per_thread_bytes = 0;  // one trial's state, per CPU thread
};

// The need of one run (or one posture of a sweep) with `bins` histogram bins over `rows`
// record rows and `state_words` words of per-trial state.
MemoryNeed memory_need(uint64_t bins, uint64_t rows, uint64_t state_words);

// Bytes this process may still take: the kernel's MemAvailable, capped by a cgroup (v2)
// memory limit when the process runs under one (containers, Slurm).
uint64_t host_memory_available();

// "1.5 GiB", "320.0 MiB": sizes in messages.
std::string format_bytes(uint64_t bytes);

// The bytes left for chunk buffers once `sharers` runs side by side (a sweep's postures),
// each needing `need` with `threads` threads, hold their fixed part within `limit` (0: what
// host_memory_available() says). Throws std::length_error, naming the need, the limit and
// what to change, when not even one trial per chunk fits.
uint64_t chunk_memory(const MemoryNeed& need, uint32_t sharers, int threads, uint64_t limit);

}  // namespace contested
