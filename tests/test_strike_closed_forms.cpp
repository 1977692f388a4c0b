// A missile's trajectory against closed forms (docs/model.md, One missile): the circular-normal
// miss, single-shot kill probability, barrage and shoot-look-shoot leakage and interceptor cost,
// channel and inventory saturation, flight reliability and binomial ramp losses. Most checks run
// tiny scenarios end to end through the host runner on the CPU backend, with fixed seeds and
// tolerances of five standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/runner.hpp"
#include "kernels/layout.hpp"
#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "kernels/strike.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_constant;
using testing::metric;
using testing::outcome;

constexpr double kSigmas = 5.0;

std::string num(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

void replace_all(std::string& text, const std::string& key, const std::string& value) {
  for (size_t at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
}

// One base, one missile class, one interceptor type; the pieces under test are filled in.
struct Spec {
  uint32_t days = 1;
  double reliability = 1.0;
  double cep_m = 10.0;
  std::string warhead = "    warhead: unitary\n    lethal_radius_m: {hardened: 5, soft: 20}\n";
  double defense_pk_scale = 1.0;
  std::string pk = "{default: 0.5}";
  std::string raids;  // list items under raids:
  std::string node;   // keys of the base after its location
};

std::string yaml(const Spec& spec) {
  std::string text = R"(name: closed_forms
days: @DAYS@
launch_sites:
  - {id: site, lat: 26.0, lon: 120.0}
missiles:
  - id: m
    range_km: 2000
    speed_kmps: 2.0
    reliability: @RELIABILITY@
    cep_m: @CEP@
@WARHEAD@    defense_pk_scale: @SCALE@
    inventory: 1000000
    launchers: 100000
    launch_sites: [site]
interceptors:
  - id: sam
    pk: @PK@
raids:
@RAIDS@nodes:
  - id: base
    kind: airbase
    lat: 26.35
    lon: 127.77
@NODE@aircraft_types:
  - {id: jet, strip: fighter, sortie_rate: 1.0, mc_rate: 0.7, fix_rate: 0.3}
strips:
  fighter: {length_m: 1525, width_m: 15}
)";
  replace_all(text, "@DAYS@", std::to_string(spec.days));
  replace_all(text, "@RELIABILITY@", num(spec.reliability));
  replace_all(text, "@CEP@", num(spec.cep_m));
  replace_all(text, "@WARHEAD@", spec.warhead);
  replace_all(text, "@SCALE@", num(spec.defense_pk_scale));
  replace_all(text, "@PK@", spec.pk);
  replace_all(text, "@RAIDS@", spec.raids);
  replace_all(text, "@NODE@", spec.node);
  return text;
}

std::string raid(const std::string& aim, uint32_t count, uint32_t first_day = 1,
                 uint32_t last_day = 1) {
  return "  - {days: [" + std::to_string(first_day) + ", " + std::to_string(last_day) +
         "], target: base, aim: " + aim + ", missile: m, count: " + std::to_string(count) + "}\n";
}

std::string battery(const std::string& policy, uint32_t shots, uint32_t inventory,
                    uint32_t channels) {
  return "      - {interceptor: sam, inventory: " + std::to_string(inventory) +
         ", shots_per_target: " + std::to_string(shots) + ", policy: " + policy +
         ", channels: " + std::to_string(channels) + "}\n";
}

Results simulate(const Spec& spec, uint64_t trials, uint64_t seed) {
  return testing::run_cpu(yaml(spec), trials, seed);
}

// Standard error of a row's mean from its own per-trial spread.
double sample_se(const Distribution& d, uint32_t row) {
  return d.stddev(row) / std::sqrt(static_cast<double>(d.trials(row)));
}

// No trial of the row recorded more than `most` (bins of width 1).
void expect_at_most(const Distribution& d, uint32_t row, uint64_t most) {
  ASSERT_EQ(d.bin_width, 1u) << d.name;
  for (uint64_t v = most + 1; v < d.bins; ++v) {
    EXPECT_EQ(d.histogram[static_cast<size_t>(row) * d.bins + v], 0u)
        << d.name << " row " << row << " reached " << v << " > " << most;
  }
}

// ---- miss distribution ---------------------------------------------------------------------

TEST(MissDistribution, CepPerSigmaIsSqrtTwoLnTwo) {
  EXPECT_NEAR(kCepPerSigma, std::sqrt(2.0 * std::log(2.0)), 1e-15);
}

// P(miss < k CEP) = 1 - 0.5^(k^2): 0.5, 0.9375, 0.998046875.
TEST(MissDistribution, SharesWithinOneTwoThreeCep) {
  const double cep = 37.0;
  const double sigma = cep / kCepPerSigma;
  const int n = 1000000;
  int within[3] = {0, 0, 0};
  for (int k = 0; k < n; ++k) {
    DrawStream miss(20240601, static_cast<uint32_t>(k), 1, Event::missile_miss, 0, 0);
    double zx;
    double zy;
    normal_pair(miss, &zx, &zy);
    const double r = std::hypot(sigma * zx, sigma * zy);
    for (int c = 0; c < 3; ++c)
      within[c] += r < (c + 1) * cep ? 1 : 0;
  }
  const double expected[3] = {0.5, 0.9375, 0.998046875};
  for (int c = 0; c < 3; ++c) {
    const double p = expected[c];
    EXPECT_NEAR(within[c] / double(n), p, kSigmas * std::sqrt(p * (1 - p) / n))
        << "within " << (c + 1) << " CEP";
  }
}

// ---- single-shot kill probability against a shelter -------------------------------------------

class SingleShotKill : public ::testing::TestWithParam<double> {};

// One missile per shelter; shelters 150 m apart, far beyond LR + several CEP, so a missile
// can only kill the shelter it was aimed at: destroyed / missile = 1 - 0.5^((LR/CEP)^2).
TEST_P(SingleShotKill, MatchesClosedForm) {
  const double ratio = GetParam();
  const double cep = 10.0;
  const uint32_t shelters = 25;
  const uint64_t trials = 4000;
  Spec spec;
  spec.cep_m = cep;
  spec.warhead =
      "    warhead: unitary\n    lethal_radius_m: {hardened: " + num(ratio * cep) + ", soft: 1}\n";
  spec.raids = raid("shelters", shelters);
  spec.node = "    shelters: " + std::to_string(shelters) +
              "\n    airborne_fraction: 0\n    aircraft:\n      - {type: jet, count: " +
              std::to_string(shelters) + "}\n";
  ASSERT_GT(kShelterSpacingM, ratio * cep + 8 * cep);
  const Results r = simulate(spec, trials, 11);

  const Distribution& standing = metric(r, "shelters_standing", "base");
  const double p = 1 - std::pow(0.5, ratio * ratio);
  const double killed_per_missile = (shelters - standing.mean(1)) / shelters;
  const double se = std::sqrt(p * (1 - p) / (static_cast<double>(shelters) * trials));
  EXPECT_NEAR(killed_per_missile, p, kSigmas * se) << "LR/CEP = " << ratio;
  expect_constant(standing, 0, shelters);

  // Every aircraft sat in a shelter (none aloft), so each destroyed shelter took one.
  const Distribution& alive = metric(r, "aircraft_alive", "base");
  EXPECT_EQ(alive.sum[1], standing.sum[1]);
  EXPECT_EQ(alive.sum_sq[1], standing.sum_sq[1]);
  const Distribution& lost = outcome(r, "aircraft_lost_ground");
  EXPECT_EQ(lost.sum[0], shelters * trials - standing.sum[1]);
}

INSTANTIATE_TEST_SUITE_P(LethalRadiusOverCep, SingleShotKill, ::testing::Values(0.5, 1.0, 2.0));

TEST(SheltersVsSubmunitions, SubmunitionsDoNotDefeatShelters) {
  Spec spec;
  spec.cep_m = 0.01;
  spec.warhead = "    warhead: submunition\n    submunition_radius_m: 500\n    submunition_pk: 1\n";
  spec.raids = raid("shelters", 9);
  spec.node = "    shelters: 9\n";
  const Results r = simulate(spec, 200, 3);
  expect_constant(metric(r, "shelters_standing", "base"), 1, 9);
}

// ---- defence ----------------------------------------------------------------------------------

struct Engagement {
  const char* policy;
  double pk;
  uint32_t shots;
};

class Leakage : public ::testing::TestWithParam<Engagement> {};

// n missiles, one battery with channels and interceptors to spare, reliability 1. Each
// missile leaks with (1 - p)^s under either policy; barrage spends s per missile, shoot-
// look-shoot sum_{k<s} (1 - p)^k on average.
TEST_P(Leakage, InterceptionsAndCostMatchClosedForms) {
  const Engagement e = GetParam();
  const uint32_t n = 20;
  const uint32_t inventory = 100000;
  const uint64_t trials = 4000;
  Spec spec;
  spec.pk = "{default: " + num(e.pk) + "}";
  spec.raids = raid("shelters", n);
  spec.node = "    shelters: 1\n    defenses:\n" + battery(e.policy, e.shots, inventory, 1000);
  const Results r = simulate(spec, trials, 5);

  const double q = 1 - e.pk;
  const double kill = 1 - std::pow(q, e.shots);
  const Distribution& intercepted = metric(r, "missiles_intercepted");
  EXPECT_NEAR(intercepted.mean(1), n * kill, kSigmas * std::sqrt(n * kill * (1 - kill) / trials))
      << e.policy << " pk " << e.pk << " shots " << e.shots;
  expect_constant(metric(r, "missiles_launched"), 1, n);

  const Distribution& node_left = metric(r, "interceptors_remaining", "base");
  const Distribution& theatre_left = metric(r, "interceptors_remaining");
  EXPECT_EQ(node_left.sum, theatre_left.sum);
  EXPECT_EQ(node_left.histogram, theatre_left.histogram);
  expect_constant(node_left, 0, inventory);
  if (std::string(e.policy) == "barrage") {
    expect_constant(node_left, 1, inventory - n * e.shots);
  } else {
    double per_missile = 0;
    for (uint32_t k = 0; k < e.shots; ++k)
      per_missile += std::pow(q, k);
    EXPECT_NEAR(inventory - node_left.mean(1), n * per_missile, kSigmas * sample_se(node_left, 1))
        << "shoot-look-shoot cost, pk " << e.pk << " shots " << e.shots;
    EXPECT_GT(node_left.stddev(1), 0.0);
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, Leakage,
                         ::testing::Values(Engagement{"barrage", 0.6, 1},
                                           Engagement{"barrage", 0.6, 2},
                                           Engagement{"barrage", 0.3, 3},
                                           Engagement{"shoot_look_shoot", 0.6, 2},
                                           Engagement{"shoot_look_shoot", 0.3, 3},
                                           Engagement{"shoot_look_shoot", 0.85, 2}));

Spec one_shot_defence(double pk_scale, const std::string& pk_table) {
  Spec spec;
  spec.defense_pk_scale = pk_scale;
  spec.pk = pk_table;
  spec.raids = raid("shelters", 20);
  spec.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 1, 100000, 1000);
  return spec;
}

TEST(DefensePkScale, MultipliesPk) {
  const uint64_t trials = 4000;
  // 0.5 * 0.6 = 0.3, whether the 0.5 is the default or written out for the missile.
  for (const char* table : {"{default: 0.5}", "{default: 0.9, m: 0.5}"}) {
    const Results r = simulate(one_shot_defence(0.6, table), trials, 21);
    const double p = 0.3;
    EXPECT_NEAR(metric(r, "missiles_intercepted").mean(1), 20 * p,
                kSigmas * std::sqrt(20 * p * (1 - p) / trials))
        << table;
  }
}

TEST(DefensePkScale, ProductIsCappedAtOne) {
  const Results r = simulate(one_shot_defence(3.0, "{default: 0.5}"), 500, 21);
  expect_constant(metric(r, "missiles_intercepted"), 1, 20);
}

// pk 0 (here through a zero scale) means the battery cannot engage the class: it neither
// kills nor spends anything on it (kernels/defense.hpp).
TEST(DefensePkScale, ZeroScaleNeitherInterceptsNorSpends) {
  const Results r = simulate(one_shot_defence(0.0, "{default: 0.9}"), 200, 21);
  expect_constant(metric(r, "missiles_intercepted"), 1, 0);
  expect_constant(metric(r, "interceptors_remaining", "base"), 1, 100000);
}

// ---- saturation ---------------------------------------------------------------------------------

TEST(Saturation, ChannelsLimitEngagementsPerRaid) {
  Spec spec;
  spec.pk = "{default: 1}";
  spec.raids = raid("shelters", 12);
  spec.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 1, 1000, 5);
  const Results sure = simulate(spec, 300, 1);
  expect_constant(metric(sure, "missiles_intercepted"), 1, 5);
  expect_constant(metric(sure, "interceptors_remaining", "base"), 1, 1000 - 5);

  spec.pk = "{default: 0.7}";
  spec.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 2, 1000, 5);
  const uint64_t trials = 4000;
  const Results r = simulate(spec, trials, 2);
  const Distribution& intercepted = metric(r, "missiles_intercepted");
  expect_at_most(intercepted, 1, 5);
  const double kill = 1 - 0.3 * 0.3;
  EXPECT_NEAR(intercepted.mean(1), 5 * kill, kSigmas * std::sqrt(5 * kill * (1 - kill) / trials));
  // Channels are used whether the engagement kills or not.
  expect_constant(metric(r, "interceptors_remaining", "base"), 1, 1000 - 10);
}

TEST(Saturation, MissilesSpillOverToTheNextBatteryWithAFreeChannel) {
  Spec spec;
  spec.pk = "{default: 1}";
  spec.raids = raid("shelters", 12);
  spec.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 1, 1000, 3) +
              battery("shoot_look_shoot", 2, 1000, 4);
  const Results r = simulate(spec, 300, 1);
  expect_constant(metric(r, "missiles_intercepted"), 1, 7);
  expect_constant(metric(r, "interceptors_remaining", "base"), 1, 2000 - 7);
}

TEST(Saturation, ChannelsAreFreedForEachRaid) {
  Spec spec;
  spec.pk = "{default: 1}";
  spec.raids = raid("shelters", 12) + raid("shelters", 12);
  spec.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 1, 1000, 5);
  const Results r = simulate(spec, 300, 1);
  expect_constant(metric(r, "missiles_launched"), 1, 24);
  expect_constant(metric(r, "missiles_intercepted"), 1, 10);
}

TEST(Saturation, InventoryForKBarragesEngagesExactlyK) {
  // 9 interceptors, 2 per barrage: 4 engagements, then 1 left that cannot fire a barrage.
  Spec spec;
  spec.pk = "{default: 1}";
  spec.raids = raid("shelters", 12);
  spec.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 2, 9, 100);
  const Results r = simulate(spec, 300, 1);
  expect_constant(metric(r, "missiles_intercepted"), 1, 4);
  expect_constant(metric(r, "interceptors_remaining", "base"), 1, 1);
  expect_constant(metric(r, "interceptors_remaining"), 1, 1);
}

TEST(Saturation, ShootLookShootStopsWhenTheMagazineIsEmpty) {
  Spec spec;
  spec.pk = "{default: 1}";
  spec.raids = raid("shelters", 12);
  spec.node = "    shelters: 1\n    defenses:\n" + battery("shoot_look_shoot", 2, 4, 100);
  const Results r = simulate(spec, 300, 1);
  expect_constant(metric(r, "missiles_intercepted"), 1, 4);
  expect_constant(metric(r, "interceptors_remaining", "base"), 1, 0);
  expect_constant(outcome(r, "day_interceptors_exhausted"), 0, 1);
  expect_constant(outcome(r, "day_interceptors_exhausted_base"), 0, 1);
}

TEST(Saturation, SpentInterceptorsAreGoneForGood) {
  Spec spec;
  spec.days = 3;
  spec.pk = "{default: 0.5}";
  spec.raids = raid("shelters", 5, 1, 3);
  spec.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 2, 1000, 100);
  const Results r = simulate(spec, 300, 1);
  const Distribution& left = metric(r, "interceptors_remaining", "base");
  for (uint32_t day = 0; day <= 3; ++day)
    expect_constant(left, day, 1000 - 10 * day);
  expect_constant(outcome(r, "day_interceptors_exhausted"), 0, 0);
}

// ---- reliability
// ------------------------------------------------------------------------------------

// launched x reliability missiles arrive: counted as runway craters (no repair crews) and
// as interceptions by a perfect defence.
TEST(Reliability, ArrivalsAreBinomialInLaunches) {
  const uint32_t n = 20;
  const double rel = 0.7;
  const uint64_t trials = 4000;
  const double se = std::sqrt(n * rel * (1 - rel) / trials);

  Spec craters;
  craters.reliability = rel;
  craters.cep_m = 0.01;
  craters.warhead =
      "    warhead: unitary\n    lethal_radius_m: {hardened: 1, soft: 1}\n    crater_radius_m: 1\n";
  craters.raids = raid("runway", n);
  craters.node =
      "    runways:\n      - {length_m: 3000, width_m: 60}\n"
      "    repair: {teams: 0, hours_per_crater: 3, sigma: 0.4}\n";
  const Results rc = simulate(craters, trials, 9);
  EXPECT_NEAR(metric(rc, "craters_open", "base").mean(1), n * rel, kSigmas * se);
  expect_constant(metric(rc, "missiles_launched"), 1, n);

  Spec defended;
  defended.reliability = rel;
  defended.pk = "{default: 1}";
  defended.raids = raid("shelters", n);
  defended.node = "    shelters: 1\n    defenses:\n" + battery("barrage", 1, 100000, 1000);
  const Results rd = simulate(defended, trials, 10);
  EXPECT_NEAR(metric(rd, "missiles_intercepted").mean(1), n * rel, kSigmas * se);
  // Failed missiles never reach the defence: interceptors are spent on arrivals only.
  const Distribution& left = metric(rd, "interceptors_remaining", "base");
  EXPECT_EQ(100000.0 * trials - static_cast<double>(left.sum[1]),
            static_cast<double>(metric(rd, "missiles_intercepted").sum[1]));
}

// ---- binomial losses on the ramp ----------------------------------------------------------------

// One submunition missile whose pattern covers the whole ramp: each of the n parked
// aircraft dies independently with submunition_pk, so the loss is Binomial(n, pk).
TEST(RampLosses, BinomialInParkedAircraft) {
  const uint32_t n = 40;
  const double pk = 0.3;
  const uint64_t trials = 20000;
  Spec spec;
  spec.cep_m = 0.01;
  spec.warhead =
      "    warhead: submunition\n    submunition_radius_m: 300\n    submunition_pk: " + num(pk) +
      "\n";
  spec.raids = raid("ramp", 1);
  spec.node =
      "    ramp: {length_m: 200, width_m: 100}\n    airborne_fraction: 0\n"
      "    aircraft:\n      - {type: jet, count: " +
      std::to_string(n) + "}\n";
  const Results r = simulate(spec, trials, 4);
  const Distribution& lost = outcome(r, "aircraft_lost_ground");

  const double mean = n * pk;
  const double var = n * pk * (1 - pk);
  EXPECT_NEAR(lost.mean(0), mean, kSigmas * std::sqrt(var / trials));
  // Standard error of the sample variance: (mu4 - var^2 (T-3)/(T-1)) / T, with the binomial's
  // fourth central moment mu4 = n p q (1 + 3 (n - 2) p q).
  const double pq = pk * (1 - pk);
  const double mu4 = n * pq * (1 + 3.0 * (n - 2) * pq);
  const double t = static_cast<double>(trials);
  const double var_se = std::sqrt((mu4 - var * var * (t - 3) / (t - 1)) / t);
  const double sample_var = lost.stddev(0) * lost.stddev(0) * t / (t - 1);
  EXPECT_NEAR(sample_var, var, kSigmas * var_se);
  EXPECT_NEAR(sample_var, var, kSigmas * var * std::sqrt(2 / (t - 1)));

  // The daily count agrees with the outcome.
  const Distribution& alive = metric(r, "aircraft_alive", "base");
  EXPECT_EQ(alive.sum[1], n * trials - lost.sum[0]);
}

// Aircraft fill the shelters first; a ramp strike kills only those on the ramp.
TEST(RampLosses, ShelteredAircraftAreSafeFromRampStrikes) {
  Spec spec;
  spec.cep_m = 0.01;
  spec.warhead =
      "    warhead: submunition\n    submunition_radius_m: 1000\n    submunition_pk: 1\n";
  spec.raids = raid("ramp", 2);
  spec.node =
      "    shelters: 5\n    ramp: {length_m: 300, width_m: 100}\n    airborne_fraction: 0\n"
      "    aircraft:\n      - {type: jet, count: 15}\n";
  const Results r = simulate(spec, 300, 6);
  expect_constant(outcome(r, "aircraft_lost_ground"), 0, 10);
  expect_constant(metric(r, "aircraft_alive", "base"), 1, 5);
  expect_constant(metric(r, "shelters_standing", "base"), 1, 5);
}

// A unitary warhead kills every parked aircraft within its soft lethal radius, pk 1.
TEST(RampLosses, UnitaryKillsWithinSoftRadius) {
  Spec spec;
  spec.cep_m = 0.01;
  spec.warhead = "    warhead: unitary\n    lethal_radius_m: {hardened: 1, soft: 500}\n";
  spec.raids = raid("ramp", 1);
  spec.node =
      "    ramp: {length_m: 300, width_m: 100}\n    airborne_fraction: 0\n"
      "    aircraft:\n      - {type: jet, count: 12}\n";
  const Results r = simulate(spec, 200, 7);
  expect_constant(outcome(r, "aircraft_lost_ground"), 0, 12);
}

}  // namespace
}  // namespace contested
