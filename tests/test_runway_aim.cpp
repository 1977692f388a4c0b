// Runway aim-point patterns (kernels/runway_aim.hpp) against the exact strip test: craters
// at every point of a cut_across pattern leave no strip anywhere on the runway, for random
// runways, strips and crater sizes; the same number of craters on the centreline leaves
// one whenever the strip fits beside them.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/runway_aim.hpp"
#include "kernels/scenario.hpp"
#include "kernels/strip.hpp"

namespace contested {
namespace {

struct Craters {
  std::vector<double> xs, ys;
  double radius;
  uint32_t count() const { return static_cast<uint32_t>(xs.size()); }
  bool active(uint32_t) const { return true; }
  double x(uint32_t i) const { return xs[i]; }
  double y(uint32_t i) const { return ys[i]; }
  double r(uint32_t) const { return radius; }
};

// Craters at the aim points of `missiles` missiles of a unitary raid on one runway.
Craters craters_at(RunwayPattern pattern, const Runway& runway, const StripClass& strip,
                   double radius, uint32_t missiles) {
  MissileClass m{};
  m.warhead = Warhead::unitary;
  m.crater_radius_m = radius;
  ScenarioView s{};
  s.missiles = &m;
  s.strips = &strip;
  Raid raid{};
  raid.pattern = pattern;
  raid.strip = 0;
  Craters c{{}, {}, radius};
  for (uint32_t k = 0; k < missiles; ++k) {
    const AimPoint p = runway_aim_point(s, raid, runway, k, missiles);
    c.xs.push_back(p.x);
    c.ys.push_back(p.y);
  }
  return c;
}

TEST(RunwayAim, CentrelineSpacesMissilesEvenly) {
  const Craters c =
      craters_at(RunwayPattern::centreline, Runway{3000, 45, 0, 0}, StripClass{1500, 15}, 6, 4);
  EXPECT_EQ(c.xs, (std::vector<double>{375, 1125, 1875, 2625}));
  EXPECT_EQ(c.ys, (std::vector<double>{0, 0, 0, 0}));
}

TEST(RunwayAim, CutLinesAreCloserThanAStrip) {
  // 3000 m against a 1000 m strip: floor(3) = 3 lines at 750, 1500, 2250 m.
  const CutPattern cut = cut_pattern(RunwayPattern::cut_across, 3000, 45, StripClass{1000, 15}, 6);
  EXPECT_EQ(cut.lines, 3u);
  EXPECT_EQ(cut.across, 2u);  // floor(45 / 27) + 1
  const Craters c =
      craters_at(RunwayPattern::cut_across, Runway{3000, 45, 0, 0}, StripClass{1000, 15}, 6, 6);
  EXPECT_EQ(c.xs, (std::vector<double>{750, 750, 1500, 1500, 2250, 2250}));
  EXPECT_EQ(c.ys, (std::vector<double>{-11.25, 11.25, -11.25, 11.25, -11.25, 11.25}));
  // `cut` keeps one point a line, on the centreline; extra missiles start over.
  const Craters one =
      craters_at(RunwayPattern::cut, Runway{3000, 45, 0, 0}, StripClass{1000, 15}, 6, 4);
  EXPECT_EQ(one.xs, (std::vector<double>{750, 1500, 2250, 750}));
  EXPECT_EQ(one.ys, (std::vector<double>{0, 0, 0, 0}));
}

TEST(RunwayAim, ACompleteCutAcrossPatternLeavesNoStrip) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int closed_by_cut = 0, open_on_centreline = 0, centreline_cases = 0;
  for (int t = 0; t < 2000; ++t) {
    const StripClass strip{300 + 2000 * unit(rng), 10 + 40 * unit(rng)};
    const Runway runway{strip.length_m * (1 + 3 * unit(rng)), strip.width_m * (1 + 4 * unit(rng)),
                        0, 0};
    const double radius = 2 + 15 * unit(rng);
    const CutPattern cut =
        cut_pattern(RunwayPattern::cut_across, runway.length_m, runway.width_m, strip, radius);
    const uint32_t points = cut.lines * cut.across;
    const Craters c = craters_at(RunwayPattern::cut_across, runway, strip, radius, points);
    const bool fits = strip_fits(runway.length_m, runway.width_m, strip.length_m, strip.width_m, c);
    EXPECT_FALSE(fits) << "strip " << strip.length_m << " x " << strip.width_m << " on "
                       << runway.length_m << " x " << runway.width_m << ", r " << radius;
    closed_by_cut += fits ? 0 : 1;
    // The same missiles on the centreline: a strip fits beside them when the half width
    // clear of a crater holds it.
    if (0.5 * runway.width_m - radius >= strip.width_m + 1e-3) {
      ++centreline_cases;
      const Craters line = craters_at(RunwayPattern::centreline, runway, strip, radius, points);
      const bool open =
          strip_fits(runway.length_m, runway.width_m, strip.length_m, strip.width_m, line);
      EXPECT_TRUE(open);
      open_on_centreline += open ? 1 : 0;
    }
  }
  EXPECT_EQ(closed_by_cut, 2000);
  EXPECT_GT(centreline_cases, 200);
  RecordProperty("centreline_cases", centreline_cases);
}

}  // namespace
}  // namespace contested
