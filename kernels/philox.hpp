// Addressed random draws: every draw is a pure function of (seed, trial, day, event kind,
// entity, sub-entity, draw index), computed with cuRAND's Philox4x32-10. Nothing is
// streamed, so results do not depend on thread count, chunking or backend, and the same
// missile of the same raid sees the same numbers under every posture (common random
// numbers).
#pragma once

#include <cstdint>

#include "kernels/macros.hpp"

// cuRAND's device header compiles as host code with these qualifiers (docs/design.md,
// section 2), so both backends run the very same generator.
#include <vector_types.h>  // uint2, uint4 and the __host__/__device__ markers
#ifndef QUALIFIERS
#define QUALIFIERS static inline __host__ __device__
#endif
#include <curand_philox4x32_x.h>

namespace contested {

// What a draw is for. Each phase of a missile or an aircraft has its own kind so that a
// posture which changes one phase (say, more interceptor shots) leaves the draws of the
// others untouched.
enum class Event : uint32_t {
  missile_flight = 1,
  missile_defence = 2,
  missile_miss = 3,
  missile_effect = 4,
  aircraft_initial = 5,
  aircraft_aloft = 6,
  aircraft_maintenance = 7,
  disruption = 8,
  ship_initial = 9,
  ship_damage = 10,
  ship_repair = 11,
  shipment = 12,
  coordinated_attack = 13,
  sea_raid = 14,
  aircraft_pick = 15,
  aircraft_damage = 16,
  uncertain_input = 17,        // the values of uncertain inputs (engine/uncertain_run.hpp)
  sensitivity_bootstrap = 18,  // resampling the rows of a sensitivity design (results/sobol.hpp)
};

// Counter layout: x = (sub << 12) | (block & 0xfff), y = entity,
// z = (day << 16) | ((block >> 12) << 8) | event, w = trial. Days stay below 2^16, events
// below 2^8, subs below 2^20 and blocks below 2^20 (4 Mi draws per address).
inline constexpr uint32_t kMaxSubEntity = 1u << 20;
inline constexpr uint32_t kMaxDrawBlocks = 1u << 20;

CONTESTED_FUNCTION uint4 philox_block(uint64_t seed, uint32_t trial, uint32_t day, Event event,
                                      uint32_t entity, uint32_t sub, uint32_t block) {
  const uint4 counter = {(sub << 12) | (block & 0xfffu), entity,
                         (day << 16) | ((block >> 12) << 8) | static_cast<uint32_t>(event), trial};
  const uint2 key = {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  return curand_Philox4x32_10(counter, key);
}

// The draws at one address, consumed in order; generates a Philox block per four draws.
class DrawStream {
 public:
  CONTESTED_FUNCTION DrawStream(uint64_t seed, uint32_t trial, uint32_t day, Event event,
                                uint32_t entity, uint32_t sub)
      : seed_(seed), trial_(trial), day_(day), event_(event), entity_(entity), sub_(sub) {}

  CONTESTED_FUNCTION uint32_t next_u32() {
    if (lane_ == 4) {
      bits_ = philox_block(seed_, trial_, day_, event_, entity_, sub_, block_++);
      lane_ = 0;
    }
    const uint32_t lane = lane_++;
    return lane == 0 ? bits_.x : lane == 1 ? bits_.y : lane == 2 ? bits_.z : bits_.w;
  }

 private:
  uint64_t seed_;
  uint32_t trial_;
  uint32_t day_;
  Event event_;
  uint32_t entity_;
  uint32_t sub_;
  uint32_t block_ = 0;
  uint32_t lane_ = 4;
  uint4 bits_ = {0, 0, 0, 0};
};

}  // namespace contested
