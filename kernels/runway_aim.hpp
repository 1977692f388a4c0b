// Where the missiles of a runway raid aim on one runway (docs/runway-denial.md). The
// runway frame has x along it in [0, L] and y across it in [-W/2, W/2].
//
// - centreline: the j-th of m missiles at x = L (j + 0.5) / m, y = 0.
// - cut: lines across the runway at x = L (i + 1) / (n + 1), i < n, with n = floor(L / l)
//   for the denied strip's length l, so every piece between lines is shorter than a strip;
//   one aim point per line, on the centreline.
// - cut_across: the same lines, each with k = floor(W / (w + 2 r)) + 1 aim points at
//   y = -W/2 + W (j + 0.5) / k, so that no gap between craters of radius r (or between a
//   crater and an edge) is as wide as the strip's width w.
// Aim points are filled line by line; missiles beyond the pattern's points start it over.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"

namespace contested {

struct AimPoint {
  double x;
  double y;
};

// Lines and points per line of a cut pattern against strip `l x w` for effects of
// radius r (a unitary crater, or a submunition pattern).
struct CutPattern {
  uint32_t lines;
  uint32_t across;
};

CONTESTED_FUNCTION CutPattern cut_pattern(RunwayPattern pattern, double length, double width,
                                          const StripClass& strip, double radius) {
  const double lines = std::floor(length / strip.length_m);
  const double across = pattern == RunwayPattern::cut_across
                            ? std::floor(width / (strip.width_m + 2 * radius)) + 1
                            : 1.0;
  return {lines < 1.0 ? 1u : static_cast<uint32_t>(lines), static_cast<uint32_t>(across)};
}

// Missile `slot` of the `on_runway` missiles a raid sends to this runway.
CONTESTED_FUNCTION AimPoint runway_aim_point(const ScenarioView& s, const Raid& raid,
                                             const Runway& runway, uint32_t slot,
                                             uint32_t on_runway) {
  const double length = runway.length_m;
  const double width = runway.width_m;
  if (raid.pattern == RunwayPattern::centreline) return {length * (slot + 0.5) / on_runway, 0.0};
  const MissileClass& m = s.missiles[raid.missile];
  const double radius = m.warhead == Warhead::unitary ? m.crater_radius_m : m.submunition_radius_m;
  const CutPattern cut = cut_pattern(raid.pattern, length, width, s.strips[raid.strip], radius);
  const uint32_t point = slot % (cut.lines * cut.across);
  const uint32_t line = point / cut.across;
  const uint32_t j = point % cut.across;
  return {length * (line + 1) / (cut.lines + 1), -0.5 * width + width * (j + 0.5) / cut.across};
}

}  // namespace contested
