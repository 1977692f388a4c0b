// Logarithm, exponential and sine/cosine from additions, multiplications and divisions
// alone. IEEE double arithmetic without contraction (-ffp-contract=off, nvcc -fmad=false)
// rounds identically on CPU and GPU, whereas libm and CUDA's math library may differ in
// the last bit; these keep the two backends bit-identical (docs/design.md, section 2).
#pragma once

#include <cstdint>

#include "kernels/macros.hpp"

namespace contested::pmath {

inline constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2, upper bits
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi
inline constexpr double kPi = 3.14159265358979323846;

CONTESTED_FUNCTION uint64_t bits_of(double x) {
  uint64_t b;
  __builtin_memcpy(&b, &x, sizeof b);
  return b;
}

CONTESTED_FUNCTION double from_bits(uint64_t b) {
  double x;
  __builtin_memcpy(&x, &b, sizeof x);
  return x;
}

// Round to nearest integer value, ties away from zero, for |x| < 2^52.
CONTESTED_FUNCTION double round_half_away(double x) {
  const double t = static_cast<double>(static_cast<int64_t>(x < 0 ? x - 0.5 : x + 0.5));
  return t;
}

// Natural logarithm of a positive, finite, normal x.
CONTESTED_FUNCTION double log(double x) {
  const uint64_t b = bits_of(x);
  int exponent = static_cast<int>((b >> 52) & 0x7ff) - 1023;
  double m = from_bits((b & 0x000fffffffffffffull) | 0x3ff0000000000000ull);  // [1, 2)
  if (m > 1.4142135623730951) {  // centre the mantissa on 1: m in [0.707, 1.414]
    m = m * 0.5;
    exponent += 1;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: the odd series to s^21
  // leaves a truncation error below 1e-17.
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double sum = 1.0 / 21.0;
  for (int k = 19; k >= 1; k -= 2)
    sum = sum * s2 + 1.0 / k;
  const double e = static_cast<double>(exponent);
  return e * kLn2Hi + (2.0 * s * sum + e * kLn2Lo);
}

// Exponential for |x| < 700.
CONTESTED_FUNCTION double exp(double x) {
  const double k = round_half_away(x * 1.4426950408889634);  // x / ln 2
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;            // |r| <= 0.347
  // Taylor series to r^16: truncation below 1e-19.
  double sum = 1.0;
  for (int n = 16; n >= 1; --n)
    sum = 1.0 + sum * r / n;
  const int64_t e = static_cast<int64_t>(k) + 1023;
  return sum * from_bits(static_cast<uint64_t>(e) << 52);
}

// sin and cos of x in [-pi/4, pi/4] by their Taylor series (truncation below 1e-18).
CONTESTED_FUNCTION void sincos_small(double x, double* s, double* c) {
  const double x2 = x * x;
  double sn = 1.0;
  double cs = 1.0;
  for (int n = 20; n >= 2; n -= 2) {
    sn = 1.0 - sn * x2 / ((n + 1) * n);
    cs = 1.0 - cs * x2 / (n * (n - 1));
  }
  *s = x * sn;
  *c = cs;
}

// sin and cos of 2 pi u for u in [0, 1): reduced by octant from u itself, so no
// argument reduction by an inexact pi is needed.
CONTESTED_FUNCTION void sincos_turn(double u, double* s, double* c) {
  const double q = u * 4.0;
  const int quadrant = static_cast<int>(q + 0.5) & 3;                   // nearest quarter turn
  const double f = q - static_cast<double>(static_cast<int>(q + 0.5));  // [-0.5, 0.5]
  double ss;
  double cc;
  sincos_small(f * (kPi * 0.5), &ss, &cc);
  switch (quadrant) {
    case 0:
      *s = ss;
      *c = cc;
      break;
    case 1:
      *s = cc;
      *c = -ss;
      break;
    case 2:
      *s = -ss;
      *c = -cc;
      break;
    default:
      *s = -cc;
      *c = ss;
      break;
  }
}

}  // namespace contested::pmath
