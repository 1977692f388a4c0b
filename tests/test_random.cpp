// Addressed random numbers (docs/model.md, Random numbers; kernels/philox.hpp,
// kernels/sampling.hpp, kernels/portable_math.hpp): Philox4x32-10 against the Random123 known
// answers and against cuRAND's own stateful API compiled as host code; the addressing of
// DrawStream; the portable log/exp/sincos against the C library; and the moments of the samplers.
#include <vector_types.h>  // before cuRAND: uint2, uint4 and the __host__/__device__ markers
#ifndef QUALIFIERS
#define QUALIFIERS static inline __host__ __device__
#endif
#include <curand_kernel.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "kernels/philox.hpp"
#include "kernels/portable_math.hpp"
#include "kernels/sampling.hpp"

namespace contested {
namespace {

using Block = std::array<uint32_t, 4>;

Block as_block(const uint4& v) {
  return {v.x, v.y, v.z, v.w};
}

// ---- Philox4x32-10 known answers ---------------------------------------------------------

// Random123 kat_vectors, philox4x32 with 10 rounds: counter (x, y, z, w), key (lo, hi).
struct KnownAnswer {
  Block counter;
  uint32_t key_lo;
  uint32_t key_hi;
  Block expected;
};

constexpr KnownAnswer kPhiloxKat[] = {
    {{0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u},
     0x00000000u,
     0x00000000u,
     {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
     0xffffffffu,
     0xffffffffu,
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
     0xa4093822u,
     0x299f31d0u,
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};

TEST(Philox, CurandBlockFunctionMatchesRandom123KnownAnswers) {
  for (const KnownAnswer& k : kPhiloxKat) {
    const uint4 counter = {k.counter[0], k.counter[1], k.counter[2], k.counter[3]};
    const uint2 key = {k.key_lo, k.key_hi};
    EXPECT_EQ(as_block(curand_Philox4x32_10(counter, key)), k.expected);
  }
}

// philox_block packs (sub << 12 | block, entity, day << 16 | event, trial) as the counter
// and the seed as the key; the three known answers are all expressible that way.
TEST(Philox, PhiloxBlockMatchesRandom123KnownAnswers) {
  for (const KnownAnswer& k : kPhiloxKat) {
    const uint32_t sub = k.counter[0] >> 12;
    const uint32_t block = k.counter[0] & 0xfffu;
    const uint32_t entity = k.counter[1];
    const uint32_t day = k.counter[2] >> 16;
    const auto event = static_cast<Event>(k.counter[2] & 0xffffu);
    const uint32_t trial = k.counter[3];
    const uint64_t seed = (static_cast<uint64_t>(k.key_hi) << 32) | k.key_lo;
    EXPECT_EQ(as_block(philox_block(seed, trial, day, event, entity, sub, block)), k.expected);
  }
}

// cuRAND's curand_init(seed, subsequence, offset) sets key = (seed lo, seed hi),
// counter z/w = subsequence lo/hi and advances counter x/y by offset / 4 (keeping offset % 4
// as the lane to start from); curand4() then returns the four words at that position.
struct CurandCase {
  uint64_t seed;
  uint64_t subsequence;
  uint64_t offset;
  Block first;  // golden: the first curand4() after curand_init
};

constexpr CurandCase kCurandCases[] = {
    {0ull, 0ull, 0ull, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {1234ull, 5ull, 0ull, {0xf942741cu, 0xb7a11b7au, 0x8b27a0ccu, 0xbd95acc8u}},
    {0x0123456789abcdefull,
     0xfedcba9876543210ull,
     4ull * 1000003ull,
     {0x8022a3efu, 0xf9d3f600u, 0x8d0ccfa9u, 0x96a8a5d2u}},
    {42ull, 7ull, 4ull, {0xe5dde940u, 0x600f6196u, 0x8fcdf8f1u, 0x2c8ed839u}},
    {0xffffffffffffffffull,
     3ull,
     0x1000000004ull,
     {0x973407adu, 0x6027c4ecu, 0xa10da92fu, 0x96bbfb28u}},
};

uint4 curand_counter(uint64_t subsequence, uint64_t block) {
  return {static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32),
          static_cast<uint32_t>(subsequence), static_cast<uint32_t>(subsequence >> 32)};
}

uint2 curand_key(uint64_t seed) {
  return {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
}

TEST(Philox, CurandStatefulApiEqualsBlockFunction) {
  for (const CurandCase& c : kCurandCases) {
    ASSERT_EQ(c.offset % 4, 0u);
    curandStatePhilox4_32_10_t state;
    curand_init(c.seed, c.subsequence, c.offset, &state);
    const uint4 first = curand4(&state);
    EXPECT_EQ(as_block(first), c.first) << "seed " << c.seed;
    const uint64_t block = c.offset / 4;
    EXPECT_EQ(as_block(first), as_block(curand_Philox4x32_10(curand_counter(c.subsequence, block),
                                                             curand_key(c.seed))));
    // The following calls walk the counter one block at a time.
    for (uint64_t k = 1; k < 8; ++k) {
      EXPECT_EQ(as_block(curand4(&state)),
                as_block(curand_Philox4x32_10(curand_counter(c.subsequence, block + k),
                                              curand_key(c.seed))));
    }
  }
}

TEST(Philox, CurandOffsetWithinBlockShiftsLanes) {
  // offset 6 starts at lane 2 of block 1: (b1.z, b1.w, b2.x, b2.y).
  curandStatePhilox4_32_10_t state;
  curand_init(42ull, 7ull, 6ull, &state);
  const uint4 got = curand4(&state);
  EXPECT_EQ(as_block(got), (Block{0x8fcdf8f1u, 0x2c8ed839u, 0x24ecfc6eu, 0xf000aacdu}));
  const uint4 b1 = curand_Philox4x32_10(curand_counter(7, 1), curand_key(42));
  const uint4 b2 = curand_Philox4x32_10(curand_counter(7, 2), curand_key(42));
  EXPECT_EQ(as_block(got), (Block{b1.z, b1.w, b2.x, b2.y}));
}

// A DrawStream is cuRAND's Philox stream with subsequence (trial << 32 | day << 16 | event)
// started at offset 4 * (entity << 32 | sub << 12): the engine's draws are exactly what
// curand() would hand out on the device.
TEST(DrawStream, EqualsCurandStreamAtItsAddress) {
  struct Address {
    uint64_t seed;
    uint32_t trial, day;
    Event event;
    uint32_t entity, sub;
  };
  const Address addresses[] = {
      {1, 0, 0, Event::missile_flight, 0, 0},
      {0x9e3779b97f4a7c15ull, 12345, 17, Event::missile_miss, 3, 999},
      // curand_init's offset counts 32-bit draws in 64 bits, so it reaches entities < 2^30.
      {7, 0xffffffffu, 3650, Event::aircraft_maintenance, 0x3fffffffu, kMaxSubEntity - 1},
  };
  for (const Address& a : addresses) {
    DrawStream stream(a.seed, a.trial, a.day, a.event, a.entity, a.sub);
    const uint64_t subsequence =
        (static_cast<uint64_t>(a.trial) << 32) | (a.day << 16) | static_cast<uint32_t>(a.event);
    const uint64_t offset = 4 * ((static_cast<uint64_t>(a.entity) << 32) | (a.sub << 12));
    curandStatePhilox4_32_10_t state;
    curand_init(a.seed, subsequence, offset, &state);
    for (int n = 0; n < 200; ++n) {
      ASSERT_EQ(stream.next_u32(), curand(&state)) << "draw " << n;
    }
  }
}

// ---- DrawStream addressing -----------------------------------------------------------------

Block first_block(uint64_t seed, uint32_t trial, uint32_t day, Event event, uint32_t entity,
                  uint32_t sub) {
  DrawStream s(seed, trial, day, event, entity, sub);
  return {s.next_u32(), s.next_u32(), s.next_u32(), s.next_u32()};
}

TEST(DrawStream, SameAddressSameBits) {
  DrawStream a(99, 4, 5, Event::missile_effect, 6, 7);
  DrawStream b(99, 4, 5, Event::missile_effect, 6, 7);
  for (int n = 0; n < 1000; ++n)
    ASSERT_EQ(a.next_u32(), b.next_u32()) << "draw " << n;
}

TEST(DrawStream, EachAddressFieldChangesTheBits) {
  const Block base = first_block(99, 4, 5, Event::missile_effect, 6, 7);
  EXPECT_NE(first_block(98, 4, 5, Event::missile_effect, 6, 7), base);
  EXPECT_NE(first_block(99 + (1ull << 32), 4, 5, Event::missile_effect, 6, 7), base);
  EXPECT_NE(first_block(99, 3, 5, Event::missile_effect, 6, 7), base);
  EXPECT_NE(first_block(99, 4, 6, Event::missile_effect, 6, 7), base);
  EXPECT_NE(first_block(99, 4, 5, Event::missile_miss, 6, 7), base);
  EXPECT_NE(first_block(99, 4, 5, Event::missile_effect, 5, 7), base);
  EXPECT_NE(first_block(99, 4, 5, Event::missile_effect, 6, 8), base);
}

// Distinct addresses never share a counter, so their first blocks are all different; the
// grid includes the largest field values the engine uses.
TEST(DrawStream, DistinctAddressesGiveDistinctBlocks) {
  const uint32_t trials[] = {0, 1, 2, 0xffffffffu};
  const uint32_t days[] = {0, 1, 2, 3650};
  const uint32_t entities[] = {0, 1, 2, 99999, 0xffffffffu};
  const uint32_t subs[] = {0, 1, 2, 4095, 4096, kMaxSubEntity - 1};
  std::set<Block> seen;
  size_t addresses = 0;
  for (uint32_t trial : trials) {
    for (uint32_t day : days) {
      for (uint32_t e = 1; e <= 7; ++e) {
        for (uint32_t entity : entities) {
          for (uint32_t sub : subs) {
            seen.insert(first_block(2024, trial, day, static_cast<Event>(e), entity, sub));
            ++addresses;
          }
        }
      }
    }
  }
  EXPECT_EQ(seen.size(), addresses);
}

// Draws 4k..4k+3 are the four lanes of block k: draw n + 4 comes from the next block.
TEST(DrawStream, ConsumesOneBlockPerFourDraws) {
  const uint64_t seed = 31337;
  DrawStream s(seed, 11, 2, Event::aircraft_aloft, 4, 9);
  for (uint32_t block = 0; block < 64; ++block) {
    const uint4 expected = philox_block(seed, 11, 2, Event::aircraft_aloft, 4, 9, block);
    EXPECT_EQ(s.next_u32(), expected.x) << "block " << block;
    EXPECT_EQ(s.next_u32(), expected.y) << "block " << block;
    EXPECT_EQ(s.next_u32(), expected.z) << "block " << block;
    EXPECT_EQ(s.next_u32(), expected.w) << "block " << block;
  }
}

TEST(DrawStream, LastAddressableBlockIsStillItsOwn) {
  // Block kMaxDrawBlocks - 1 of sub s is not block 0 of sub s + 1.
  const uint4 last = philox_block(5, 1, 1, Event::missile_effect, 2, 6, kMaxDrawBlocks - 1);
  const uint4 next_sub = philox_block(5, 1, 1, Event::missile_effect, 2, 7, 0);
  EXPECT_NE(as_block(last), as_block(next_sub));
  DrawStream s(5, 1, 1, Event::missile_effect, 2, 6);
  uint32_t v = 0;
  for (uint32_t n = 0; n < 4 * (kMaxDrawBlocks - 1) + 1; ++n)
    v = s.next_u32();
  EXPECT_EQ(v, last.x);
}

TEST(DrawStream, LongStreamsDoNotAliasTheirOwnStartOrTheNextSub) {
  // A submunition missile with 10,000 bomblets draws 40,000 numbers from one address:
  // past the 4,096th block the stream must neither repeat itself nor run into sub + 1.
  for (uint32_t block : {4096u, 4097u, 8192u, 10000u}) {
    const uint4 far = philox_block(5, 1, 1, Event::missile_effect, 2, 1, block);
    EXPECT_NE(as_block(far),
              as_block(philox_block(5, 1, 1, Event::missile_effect, 2, 1, block % 4096)));
    EXPECT_NE(as_block(far),
              as_block(philox_block(5, 1, 1, Event::missile_effect, 2, 2, block % 4096)));
  }
}

// ---- portable math -----------------------------------------------------------------------------

constexpr double kRelTol = 1e-15;  // about 4.5 ulp

TEST(PortableMath, LogMatchesLibm) {
  // Log-spaced over the normal range, and densely around 1 where log is small.
  for (double e = -300; e <= 300; e += 0.0137) {
    const double x = std::pow(10.0, e);
    const double want = std::log(x);
    const double got = pmath::log(x);
    const double err = std::fabs(got - want) / std::max(std::fabs(want), 1e-300);
    ASSERT_LE(err, kRelTol) << "x = " << x;
  }
  for (int k = -20000; k <= 20000; ++k) {
    if (k == 0) continue;
    const double x = 1.0 + k * 1.7e-5;
    const double want = std::log(x);
    const double err = std::fabs(pmath::log(x) - want) / std::fabs(want);
    ASSERT_LE(err, kRelTol) << "x = " << x;
  }
  EXPECT_EQ(pmath::log(1.0), 0.0);
  EXPECT_NEAR(pmath::log(2.0), 0.6931471805599453, kRelTol);
  EXPECT_NEAR(pmath::log(std::sqrt(2.0)), std::log(std::sqrt(2.0)), kRelTol);
  // The smallest uniform() value and the largest.
  const double u_min = 0.5 / 4294967296.0;
  const double u_max = (4294967295.0 + 0.5) / 4294967296.0;
  EXPECT_LE(std::fabs(pmath::log(u_min) / std::log(u_min) - 1), kRelTol);
  EXPECT_LE(std::fabs(pmath::log(u_max) / std::log(u_max) - 1), kRelTol);
}

TEST(PortableMath, ExpMatchesLibm) {
  for (double x = -699.9; x <= 699.9; x += 0.0173) {
    const double want = std::exp(x);
    ASSERT_LE(std::fabs(pmath::exp(x) - want), kRelTol * want) << "x = " << x;
  }
  for (int k = -10000; k <= 10000; ++k) {
    const double x = k * 3.1e-5;
    const double want = std::exp(x);
    ASSERT_LE(std::fabs(pmath::exp(x) - want), kRelTol * want) << "x = " << x;
  }
  EXPECT_EQ(pmath::exp(0.0), 1.0);
  EXPECT_NEAR(pmath::exp(1.0), 2.718281828459045, kRelTol * 2.718281828459045);
}

TEST(PortableMath, SincosTurnMatchesLongDoubleReference) {
  const long double two_pi = 6.283185307179586476925286766559L;
  const auto check = [&](double u) {
    double s;
    double c;
    pmath::sincos_turn(u, &s, &c);
    const long double angle = two_pi * static_cast<long double>(u);
    const double want_s = static_cast<double>(std::sin(angle));
    const double want_c = static_cast<double>(std::cos(angle));
    // Relative where the value is not tiny; a floor for the zeros of sin and cos.
    ASSERT_LE(std::fabs(s - want_s), kRelTol * std::fabs(want_s) + 1e-17) << "u = " << u;
    ASSERT_LE(std::fabs(c - want_c), kRelTol * std::fabs(want_c) + 1e-17) << "u = " << u;
  };
  for (int k = 0; k < 200000; ++k)
    check(k / 200000.0);
  // Octant and quadrant boundaries and their neighbours.
  for (int q = 0; q < 8; ++q) {
    const double u = q / 8.0;
    check(u);
    check(std::nextafter(u, 1.0));
    if (u > 0) check(std::nextafter(u, 0.0));
  }
  check(std::nextafter(1.0, 0.0));
  check(0.5 / 4294967296.0);
  double s;
  double c;
  pmath::sincos_turn(0.25, &s, &c);
  EXPECT_EQ(s, 1.0);
  EXPECT_EQ(c, 0.0);
  pmath::sincos_turn(0.5, &s, &c);
  EXPECT_EQ(c, -1.0);
}

TEST(PortableMath, RoundHalfAway) {
  EXPECT_EQ(pmath::round_half_away(2.5), 3.0);
  EXPECT_EQ(pmath::round_half_away(-2.5), -3.0);
  EXPECT_EQ(pmath::round_half_away(2.4999999), 2.0);
  EXPECT_EQ(pmath::round_half_away(0.0), 0.0);
  EXPECT_EQ(pmath::round_half_away(47.0), 47.0);
}

// ---- samplers --------------------------------------------------------------------------------

constexpr int kDraws = 1000000;

TEST(Sampling, UniformIsInsideTheOpenIntervalWithMeanHalf) {
  DrawStream s(123, 0, 1, Event::missile_effect, 0, 0);
  double sum = 0;
  double lo = 1;
  double hi = 0;
  int below_quarter = 0;
  for (int n = 0; n < kDraws; ++n) {
    if (n % 16384 == 0)
      s = DrawStream(123, static_cast<uint32_t>(n / 16384), 1, Event::missile_effect, 0, 0);
    const double u = uniform(s);
    sum += u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    below_quarter += u < 0.25 ? 1 : 0;
  }
  EXPECT_GT(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  const double mean = sum / kDraws;
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12.0 / kDraws));
  EXPECT_NEAR(below_quarter / double(kDraws), 0.25, 5 * std::sqrt(0.25 * 0.75 / kDraws));
}

TEST(Sampling, NormalPairHasMeanZeroVarianceOneAndNoCorrelation) {
  double sum0 = 0, sum1 = 0, sq0 = 0, sq1 = 0, cross = 0;
  const int pairs = kDraws / 2;
  for (int n = 0; n < pairs; ++n) {
    DrawStream s(77, static_cast<uint32_t>(n), 1, Event::missile_miss, 0, 0);
    double z0;
    double z1;
    normal_pair(s, &z0, &z1);
    sum0 += z0;
    sum1 += z1;
    sq0 += z0 * z0;
    sq1 += z1 * z1;
    cross += z0 * z1;
  }
  const double n = pairs;
  const double mean_se = 1 / std::sqrt(n);
  const double var_se = std::sqrt(2 / n);
  EXPECT_NEAR(sum0 / n, 0.0, 5 * mean_se);
  EXPECT_NEAR(sum1 / n, 0.0, 5 * mean_se);
  EXPECT_NEAR(sq0 / n - (sum0 / n) * (sum0 / n), 1.0, 5 * var_se);
  EXPECT_NEAR(sq1 / n - (sum1 / n) * (sum1 / n), 1.0, 5 * var_se);
  EXPECT_NEAR(cross / n, 0.0, 5 * mean_se);  // E[z0 z1] = 0, Var = 1
}

TEST(Sampling, LognormalMedianAndLogSd) {
  const double median = 3.0;
  const double sigma = 0.4;
  int below = 0;
  double sum_log = 0;
  double sum_log_sq = 0;
  const int n = kDraws / 2;
  for (int k = 0; k < n; ++k) {
    DrawStream s(5, static_cast<uint32_t>(k), 1, Event::missile_effect, 0, 0);
    const double x = lognormal(s, median, sigma);
    ASSERT_GT(x, 0.0);
    below += x < median ? 1 : 0;
    const double l = std::log(x / median);
    sum_log += l;
    sum_log_sq += l * l;
  }
  EXPECT_NEAR(below / double(n), 0.5, 5 * std::sqrt(0.25 / n));
  const double m = sum_log / n;
  EXPECT_NEAR(m, 0.0, 5 * sigma / std::sqrt(double(n)));
  EXPECT_NEAR(sum_log_sq / n - m * m, sigma * sigma, 5 * sigma * sigma * std::sqrt(2.0 / n));
  // sigma = 0 gives the median exactly.
  DrawStream s(5, 0, 1, Event::missile_effect, 0, 0);
  EXPECT_EQ(lognormal(s, median, 0.0), median);
}

TEST(Sampling, UniformInDiskCoversTheDiskEvenly) {
  const double radius = 10.0;
  int inner = 0;  // within radius / 2: a quarter of the area
  int right = 0;
  const int n = kDraws / 2;
  for (int k = 0; k < n; ++k) {
    DrawStream s(8, static_cast<uint32_t>(k), 1, Event::missile_effect, 0, 0);
    double x;
    double y;
    uniform_in_disk(s, radius, &x, &y);
    const double r = std::hypot(x, y);
    ASSERT_LE(r, radius * (1 + 1e-12));
    inner += r < radius / 2 ? 1 : 0;
    right += x > 0 ? 1 : 0;
  }
  EXPECT_NEAR(inner / double(n), 0.25, 5 * std::sqrt(0.25 * 0.75 / n));
  EXPECT_NEAR(right / double(n), 0.5, 5 * std::sqrt(0.25 / n));
}

}  // namespace
}  // namespace contested
