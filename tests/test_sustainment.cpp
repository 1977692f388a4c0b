// Sustainment against hand-computed schedules and closed forms (docs/model.md, Day loop;
// docs/stocks.md, docs/production.md, docs/shipping.md, docs/disruptions.md): binomial
// interdiction, delivery cadence and transit, priority allocation of scarce output, pier
// throughput, factory ramps, inputs, struck buildings and outages, sorties capped by fuel and
// munitions, (s, S) routes that resupply what bases use, containers destroyed by strikes,
// battery reloads, postures end to end and determinism of the sustainment example. Tiny
// scenarios run through the host runner on the CPU backend with fixed seeds; statistical
// checks allow five standard errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_constant;
using testing::expect_days;
using testing::metric;
using testing::outcome;

constexpr double kSigmas = 5.0;

// A harmless raid: one missile at the fuel tank of a depot that stocks nothing.
const std::string kDecoyRaid =
    "  - {days: [1, 1], target: decoy, aim: fuel, missile: m, count: 1}\n";

// A theatre around a decoy depot, with one perfectly reliable and accurate missile class
// (soft kill radius 10 m, hardened 5 m: one point target per missile on every grid), one
// always mission-capable jet type, and the pieces under test filled in.
struct Theatre {
  uint32_t days = 10;
  std::string raids = kDecoyRaid;  // list items under raids:
  std::string nodes;               // list items under nodes:, after the decoy
  std::string sections;            // further top-level sections
};

std::string yaml(const Theatre& t) {
  return "name: sustain\ndays: " + std::to_string(t.days) + "\n" + R"(launch_sites:
  - {id: site, lat: 5.0, lon: 5.0}
missiles:
  - id: m
    range_km: 5000
    speed_kmps: 2.0
    reliability: 1
    cep_m: 0.01
    lethal_radius_m: {hardened: 5, soft: 10}
    inventory: 100000
    launchers: 10000
    launch_sites: [site]
strips:
  fighter: {length_m: 1525, width_m: 15}
aircraft_types:
  - {id: jet, strip: fighter, sortie_rate: 1.0, mc_rate: 1.0, fix_rate: 0.0}
raids:
)" + t.raids +
         "nodes:\n  - {id: decoy, kind: depot, lat: 0.0, lon: 3.0, fuel_tanks: 1}\n" + t.nodes +
         t.sections;
}

Results simulate(const std::string& text, uint64_t trials, uint64_t seed,
                 const std::string& posture = "") {
  return testing::run_cpu(text, trials, seed, posture, "<sustain>");
}

Results simulate(const Theatre& t, uint64_t trials, uint64_t seed,
                 const std::string& posture = "") {
  return simulate(yaml(t), trials, seed, posture);
}

// Exactly `value` in every trial from day `first` to day `last`.
void expect_span(const Distribution& d, uint32_t first, uint32_t last, uint64_t value) {
  for (uint32_t day = first; day <= last; ++day)
    expect_constant(d, day, value);
}

// ---- 1. interdiction: binomial losses -------------------------------------------------------

std::string route(const std::string& from, const std::string& to, const std::string& item,
                  const std::string& mode, uint32_t transit, uint32_t every, uint32_t capacity,
                  double loss, const std::string& extra = "") {
  return "  - {from: " + from + ", to: " + to + ", item: " + item + ", mode: " + mode +
         ", transit_days: " + std::to_string(transit) + ", every_days: " + std::to_string(every) +
         ", capacity: " + std::to_string(capacity) + ", loss_prob: " + std::to_string(loss) +
         extra + "}\n";
}

const std::string kTwoDepots =
    "  - {id: src, kind: depot, lat: 0.0, lon: 0.0}\n"
    "  - {id: dst, kind: depot, lat: 0.5, lon: 0.5}\n";

// One route shipping every day for D days with ample stock: each shipment is lost with p,
// independently (one draw per route, trial and day), so the campaign's losses are
// Binomial(D, p) and each day's loss is Bernoulli(p).
TEST(SustainRoutes, LossesAreBinomialInShipments) {
  const uint32_t days = 40;
  const uint32_t cap = 5;
  const double p = 0.15;
  const uint64_t trials = 20000;
  Theatre t;
  t.days = days;
  t.nodes = kTwoDepots;
  t.sections = "munitions: [{id: widget}]\nstocks:\n  src: {widget: " + std::to_string(cap * days) +
               "}\nroutes:\n" + route("src", "dst", "widget", "air", 0, 1, cap, p);
  const Results r = simulate(t, trials, 17);

  const double tr = static_cast<double>(trials);
  const Distribution& lost = outcome(r, "shipments_lost_total");
  const double mean = days * p;
  const double var = days * p * (1 - p);
  EXPECT_NEAR(lost.mean(0), mean, kSigmas * std::sqrt(var / tr));
  // Standard error of the sample variance from the binomial's fourth central moment
  // mu4 = n p q (1 + 3 (n - 2) p q), and the conservative normal-theory bound.
  const double pq = p * (1 - p);
  const double mu4 = days * pq * (1 + 3.0 * (days - 2) * pq);
  const double var_se = std::sqrt((mu4 - var * var * (tr - 3) / (tr - 1)) / tr);
  const double sample_var = lost.stddev(0) * lost.stddev(0) * tr / (tr - 1);
  EXPECT_NEAR(sample_var, var, kSigmas * var_se);
  EXPECT_NEAR(sample_var, var, kSigmas * var * std::sqrt(2 / (tr - 1)));

  const Distribution& daily = metric(r, "shipments_lost");
  expect_constant(daily, 0, 0);
  uint64_t daily_total = 0;
  for (uint32_t day = 1; day <= days; ++day) {
    EXPECT_NEAR(daily.mean(day), p, kSigmas * std::sqrt(pq / tr)) << "day " << day;
    // Bernoulli: the value is 0 or 1, so the sum of squares equals the sum.
    EXPECT_EQ(daily.sum_sq[day], daily.sum[day]) << "day " << day;
    daily_total += daily.sum[day];
  }
  EXPECT_EQ(daily_total, lost.sum[0]);

  // The source ships every day; what is not lost arrives the next day (transit 0), and the
  // last day's shipment is still at sea at the end. Goods in transit are in no stock.
  const Distribution& src = metric(r, "munitions_widget", "src");
  for (uint32_t day = 0; day <= days; ++day)
    expect_constant(src, day, cap * (days - day));
  const Distribution& dst = metric(r, "munitions_widget", "dst");
  const uint64_t arrived = cap * ((days - 1) * trials - (lost.sum[0] - daily.sum[days]));
  EXPECT_EQ(dst.sum[days], arrived);
  const Distribution& theatre = metric(r, "munitions_widget");
  for (uint32_t day = 0; day <= days; ++day)
    EXPECT_EQ(theatre.sum[day], src.sum[day] + dst.sum[day]) << "day " << day;
}

TEST(SustainRoutes, CertainAndImpossibleLosses) {
  for (const double p : {0.0, 1.0}) {
    Theatre t;
    t.days = 6;
    t.nodes = kTwoDepots;
    t.sections = "munitions: [{id: widget}]\nstocks:\n  src: {widget: 100}\nroutes:\n" +
                 route("src", "dst", "widget", "air", 1, 2, 10, p);
    const Results r = simulate(t, 200, 3);
    // Dispatch on days 1, 3, 5.
    expect_constant(outcome(r, "shipments_lost_total"), 0, p > 0 ? 3 : 0);
    expect_days(metric(r, "munitions_widget", "dst"),
                p > 0 ? std::vector<uint64_t>{0, 0, 0, 0, 0, 0, 0}
                      : std::vector<uint64_t>{0, 0, 10, 10, 20, 20, 30});
    expect_days(metric(r, "munitions_widget", "src"), {100, 90, 90, 80, 80, 70, 70});
  }
}

// ---- 2. deliveries: cadence, transit, scarce stock, priority, piers ---------------------------

// Capacity 10 every 3 days after 2 days in transit: dispatches on days 1, 4, 7, 10 arrive
// on days 3, 6, 9, 12.
TEST(SustainDeliveries, TransitAndCadenceHandComputed) {
  Theatre t;
  t.days = 12;
  t.nodes = kTwoDepots + "  - {id: dst2, kind: depot, lat: 0.5, lon: 0.0}\n" +
            "  - {id: dst3, kind: depot, lat: 0.0, lon: 0.5}\n" +
            "  - {id: small, kind: depot, lat: 1.0, lon: 1.0}\n" +
            "  - {id: dst4, kind: depot, lat: 1.0, lon: 0.0}\n";
  t.sections =
      "munitions: [{id: widget}, {id: gadget}, {id: gizmo}]\n"
      "stocks:\n  src: {widget: 1000, gadget: 1000}\n  small: {gizmo: 25}\n"
      "routes:\n" +
      route("src", "dst", "widget", "air", 2, 3, 10, 0) +
      // Transit 0 arrives the next day.
      route("src", "dst2", "gadget", "sea", 0, 1, 7, 0) +
      // Several shipments at sea at once: dispatches 1, 3, 5, ... arrive 6, 8, 10, ...
      route("src", "dst3", "widget", "air", 5, 2, 3, 0) +
      // A source with 25 ships 10, 10, 5, then nothing.
      route("small", "dst4", "gizmo", "air", 1, 1, 10, 0);
  const Results r = simulate(t, 50, 5);

  expect_days(metric(r, "munitions_widget", "dst"),
              {0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30, 40});
  expect_days(metric(r, "munitions_gadget", "dst2"),
              {0, 0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77});
  expect_days(metric(r, "munitions_widget", "dst3"), {0, 0, 0, 0, 0, 0, 3, 3, 6, 6, 9, 9, 12});
  // src ships 10 (days 1, 4, 7, 10) and 3 (odd days) of widgets.
  expect_days(metric(r, "munitions_widget", "src"),
              {1000, 987, 987, 984, 974, 971, 971, 958, 958, 955, 945, 942, 942});
  expect_days(metric(r, "munitions_gadget", "src"),
              {1000, 993, 986, 979, 972, 965, 958, 951, 944, 937, 930, 923, 916});
  expect_days(metric(r, "munitions_gizmo", "small"), {25, 15, 5, 0, 0, 0, 0});
  expect_days(metric(r, "munitions_gizmo", "dst4"), {0, 0, 10, 20, 25, 25, 25});
  expect_constant(outcome(r, "shipments_lost_total"), 0, 0);
  // Nothing is created or lost: the theatre total is the initial stock less what is at sea.
  // On day 12 the widgets dispatched on days 9 and 11 (3 each) and the gadgets dispatched
  // that day (7) are at sea.
  expect_constant(metric(r, "munitions_widget"), 12, 1000 - 6);
  expect_constant(metric(r, "munitions_gadget"), 12, 1000 - 7);
}

// A factory makes 6 a day; two routes leave it daily. The one with the lower priority number
// is served first wherever it sits in the file; equal priorities go in file order.
TEST(SustainDeliveries, PriorityServesScarceOutputFirst) {
  Theatre t;
  t.days = 8;
  t.nodes =
      "  - {id: plant, kind: factory, lat: 0.0, lon: 0.0}\n"
      "  - {id: dest_lo, kind: depot, lat: 0.5, lon: 0.0}\n"
      "  - {id: dest_hi, kind: depot, lat: 0.0, lon: 0.5}\n";
  t.sections =
      "munitions: [{id: widget}]\n"
      "factories:\n  - {node: plant, product: widget, per_day: 6}\n"
      "routes:\n" +
      route("plant", "dest_lo", "widget", "air", 0, 1, 10, 0, ", priority: 5") +
      route("plant", "dest_hi", "widget", "air", 0, 1, 4, 0, ", priority: 0") +
      "postures:\n"
      "  - {id: demoted, set: {\"routes[1].priority\": 10}}\n"
      "  - {id: tied, set: {\"routes[1].priority\": 5}}\n";
  const std::string text = yaml(t);
  const auto grow = [&](uint64_t per_day) {
    std::vector<uint64_t> v{0};
    for (uint32_t day = 1; day <= t.days; ++day)
      v.push_back(per_day * (day - 1));
    return v;
  };

  // Priority 0 takes 4 of the day's 6, priority 5 the remaining 2.
  const Results base = simulate(text, 50, 8);
  expect_days(metric(base, "munitions_widget", "dest_hi"), grow(4));
  expect_days(metric(base, "munitions_widget", "dest_lo"), grow(2));
  expect_days(metric(base, "munitions_widget", "plant"), std::vector<uint64_t>(t.days + 1, 0));
  expect_span(metric(base, "production_widget"), 1, t.days, 6);
  // Demoted to 10, or tied at 5 (file order), the first route takes all 6.
  for (const char* posture : {"demoted", "tied"}) {
    SCOPED_TRACE(posture);
    const Results r = simulate(text, 50, 8, posture);
    expect_days(metric(r, "munitions_widget", "dest_hi"), grow(0));
    expect_days(metric(r, "munitions_widget", "dest_lo"), grow(6));
  }
}

std::string port_node(uint32_t piers, const std::string& restore) {
  return "  - {id: port, kind: port, lat: 0.0, lon: 0.0, piers: " + std::to_string(piers) +
         ", restore: " + restore + "}\n";
}

// Two of four piers struck on day 3 (before that day's dispatch) halve a sea route's
// shipments until they are restored 3 days later; an air route is unaffected.
TEST(SustainDeliveries, SeaCapacityScalesWithPiersStanding) {
  Theatre t;
  t.days = 8;
  t.raids = "  - {days: [3, 3], target: port, aim: piers, missile: m, count: 2}\n";
  t.nodes = port_node(4, "{days: 3, sigma: 0}") +
            "  - {id: by_sea, kind: depot, lat: 0.5, lon: 0.0}\n"
            "  - {id: by_air, kind: depot, lat: 0.0, lon: 0.5}\n";
  t.sections = "munitions: [{id: widget}]\nstocks:\n  port: {widget: 1000}\nroutes:\n" +
               route("port", "by_sea", "widget", "sea", 0, 1, 10, 0) +
               route("port", "by_air", "widget", "air", 0, 1, 10, 0);
  const Results r = simulate(t, 50, 4);

  expect_days(metric(r, "piers_standing", "port"), {4, 4, 4, 2, 2, 2, 4, 4, 4});
  // Shipped on days 1..8: 10, 10, 5, 5, 5, 10, 10, 10; each arrives the next day.
  expect_days(metric(r, "munitions_widget", "by_sea"), {0, 0, 10, 20, 25, 30, 35, 45, 55});
  expect_days(metric(r, "munitions_widget", "by_air"), {0, 0, 10, 20, 30, 40, 50, 60, 70});
}

// docs/shipping.md: capacity' = floor(capacity * share), exactly: 7 of 10 piers and
// capacity 90 give 63 (a double product 90 * 0.7 = 62.999999999999993 would floor to 62).
TEST(SustainDeliveries, PierShareOfCapacityIsExact) {
  Theatre t;
  t.days = 2;
  t.raids = "  - {days: [1, 1], target: port, aim: piers, missile: m, count: 3}\n";
  t.nodes = port_node(10, "{days: 100, sigma: 0}") +
            "  - {id: by_sea, kind: depot, lat: 0.5, lon: 0.0}\n";
  t.sections = "munitions: [{id: widget}]\nstocks:\n  port: {widget: 1000}\nroutes:\n" +
               route("port", "by_sea", "widget", "sea", 0, 1, 90, 0);
  const Results r = simulate(t, 10, 4);
  expect_constant(metric(r, "piers_standing", "port"), 1, 7);
  expect_constant(metric(r, "munitions_widget", "by_sea"), 2, 63);
}

// ---- 5. production -------------------------------------------------------------------------

std::string plant(const std::string& id, const std::string& extra = "", double lat = 0.0) {
  return "  - {id: " + id + ", kind: factory, lat: " + std::to_string(lat) + ", lon: 0.0" + extra +
         "}\n";
}

// per_day 2 over a 4-day ramp: rates 0.5, 1, 1.5, 2, 2, ... with the carry: units 0, 1, 2, 2,
// 2, ... and a cumulative 0, 1, 3, 5, 7, ...; per_day 0.75 at once: floor(0.75 d) by day d.
TEST(SustainProduction, RampAndCarryHandComputed) {
  Theatre t;
  t.days = 24;
  t.nodes = plant("ramped") + plant("steady", "", 0.2);
  t.sections =
      "munitions: [{id: widget}, {id: gadget}]\n"
      "factories:\n"
      "  - {node: ramped, product: widget, per_day: 2, ramp_days: 4}\n"
      "  - {node: steady, product: gadget, per_day: 0.75}\n";
  const Results r = simulate(t, 50, 2);

  const Distribution& made = metric(r, "production_widget");
  const Distribution& held = metric(r, "munitions_widget", "ramped");
  expect_days(made, {0, 0, 1, 2, 2, 2, 2, 2, 2});
  expect_days(held, {0, 0, 1, 3, 5, 7, 9, 11, 13});
  for (uint32_t day = 4; day <= t.days; ++day) {
    expect_constant(made, day, 2);
    expect_constant(held, day, 2 * day - 3);
  }
  const Distribution& gadgets = metric(r, "munitions_gadget", "steady");
  const Distribution& gadgets_made = metric(r, "production_gadget");
  for (uint32_t day = 0; day <= t.days; ++day) {
    expect_constant(gadgets, day, (3 * day) / 4);
    expect_constant(gadgets_made, day, day == 0 ? 0 : (3 * day) / 4 - (3 * (day - 1)) / 4);
  }
  // Every trial identical: one histogram bin holds all of them.
  ASSERT_EQ(held.bin_width, 1u);
  EXPECT_EQ(held.histogram[static_cast<size_t>(8) * held.bins + 13], 50u);
}

// Decimal rates add up exactly: 0.7 a day makes floor(0.7 d) by day d (7 by day 10).
TEST(SustainProduction, DecimalRatesAddUpExactly) {
  Theatre t;
  t.days = 20;
  t.nodes = plant("line");
  t.sections =
      "munitions: [{id: widget}]\n"
      "factories:\n  - {node: line, product: widget, per_day: 0.7}\n";
  const Results r = simulate(t, 20, 5);
  const Distribution& held = metric(r, "munitions_widget", "line");
  for (uint32_t day = 0; day <= t.days; ++day)
    expect_constant(held, day, (7 * day) / 10);
}

// One motor per unit, 5 on hand: 2, 2, 1 and then nothing. A resupply of 4 motors arriving on
// day 6 feeds two days at full rate; the capacity idle in between is lost, not banked.
TEST(SustainProduction, MissingInputsStopTheLine) {
  Theatre t;
  t.days = 14;
  t.nodes = plant("line") + "  - {id: supplier, kind: depot, lat: 0.5, lon: 0.5}\n";
  t.sections =
      "munitions: [{id: pac3}, {id: srm}]\n"
      "stocks:\n  line: {srm: 5}\n  supplier: {srm: 100}\n"
      "factories:\n  - {node: line, product: pac3, per_day: 2, needs: {srm: 1}}\n"
      "routes:\n" +
      route("supplier", "line", "srm", "air", 5, 6, 4, 0);
  const Results r = simulate(t, 50, 3);
  // Dispatches on days 1, 7, 13 arrive on days 6, 12, 18.
  expect_days(metric(r, "production_pac3"), {0, 2, 2, 1, 0, 0, 2, 2, 0, 0, 0, 0, 2, 2, 0});
  expect_days(metric(r, "munitions_srm", "line"), {5, 3, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0});
  expect_days(metric(r, "munitions_pac3", "line"),
              {0, 2, 4, 5, 5, 5, 7, 9, 9, 9, 9, 9, 11, 13, 13});

  // Without resupply, exactly the 5 motors' worth is ever made.
  t.sections =
      "munitions: [{id: pac3}, {id: srm}]\n"
      "stocks:\n  line: {srm: 5}\n"
      "factories:\n  - {node: line, product: pac3, per_day: 2, needs: {srm: 1}}\n";
  const Results dry = simulate(t, 50, 3);
  expect_days(metric(dry, "production_pac3"), {0, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_span(metric(dry, "munitions_pac3", "line"), 3, t.days, 5);
  expect_span(metric(dry, "munitions_srm", "line"), 3, t.days, 0);
}

// A plant of two buildings making 4 a day loses one building on day 3 (before that day's
// production) for 4 days: output halves on days 3-6 and is full again from day 7.
TEST(SustainProduction, StruckBuildingHalvesOutputUntilRestored) {
  Theatre t;
  t.days = 9;
  t.raids = "  - {days: [3, 3], target: works, aim: factory, missile: m, count: 1}\n";
  t.nodes = plant("works", ", buildings: 2, restore: {days: 4, sigma: 0}");
  t.sections =
      "munitions: [{id: widget}]\n"
      "factories:\n  - {node: works, product: widget, per_day: 4}\n";
  const Results r = simulate(t, 50, 6);
  expect_days(metric(r, "buildings_standing", "works"), {2, 2, 2, 1, 1, 1, 1, 2, 2, 2});
  expect_days(metric(r, "production_widget"), {0, 4, 4, 2, 2, 2, 2, 4, 4, 4});
  expect_days(metric(r, "munitions_widget", "works"), {0, 4, 8, 10, 12, 14, 16, 20, 24, 28});
}

// P(out on day d) for an outage that starts with p on each day the node is not out and lasts
// exactly `length` days, the start day included: a chain on the days still to run.
std::vector<double> outage_probabilities(double p, uint32_t length, uint32_t days) {
  // state[r]: probability that an earlier start still covers r days from today on (r = 0:
  // the node is up this morning and draws).
  std::vector<double> state(length, 0.0);
  state[0] = 1.0;
  std::vector<double> out{0.0};
  for (uint32_t day = 1; day <= days; ++day) {
    std::vector<double> next(length, 0.0);
    double today = 0.0;
    for (uint32_t r = 0; r < length; ++r) {
      if (r > 0) {  // still out from an earlier start
        today += state[r];
        next[r - 1] += state[r];
      } else {
        today += state[0] * p;
        next[length - 1] += state[0] * p;
        next[0] += state[0] * (1 - p);
      }
    }
    out.push_back(today);
    state = next;
  }
  return out;
}

// Sabotage with p = 0.2 a day and a fixed 3-day outage (sigma 0). Each day is out with the
// chain's probability (days 1-3: 1 - 0.8^d; day 4 adds the restart after a day-1 outage),
// and the plant makes its one unit a day exactly on the days it is not out.
TEST(SustainProduction, OutageStopsProductionForItsLength) {
  const double p = 0.2;
  const uint32_t length = 3;
  const uint64_t trials = 20000;
  Theatre t;
  t.days = 8;
  t.nodes = plant("works");
  t.sections =
      "munitions: [{id: widget}]\n"
      "factories:\n  - {node: works, product: widget, per_day: 1}\n"
      "disruptions:\n  - {target: works, kind: sabotage, prob_per_day: " +
      std::to_string(p) + ", outage_days: " + std::to_string(length) + ", sigma: 0}\n";
  const Results r = simulate(t, trials, 12);
  const std::vector<double> expected = outage_probabilities(p, length, t.days);
  for (uint32_t day = 1; day <= 3; ++day)
    EXPECT_NEAR(expected[day], 1 - std::pow(1 - p, day), 1e-12);
  EXPECT_NEAR(expected[4], (1 - p) * (1 - std::pow(1 - p, 3)) + p * p, 1e-12);

  const Distribution& out = metric(r, "outage", "works");
  const Distribution& made = metric(r, "production_widget");
  expect_constant(out, 0, 0);
  for (uint32_t day = 1; day <= t.days; ++day) {
    const double q = expected[day];
    EXPECT_NEAR(out.mean(day), q, kSigmas * std::sqrt(q * (1 - q) / trials)) << "day " << day;
    EXPECT_EQ(made.sum[day] + out.sum[day], trials) << "day " << day;
    EXPECT_EQ(made.sum_sq[day], made.sum[day]) << "day " << day;
  }
}

// An outage that never ends (p = 1) stops production and every route from or to the node.
TEST(SustainProduction, OutageStopsRoutesBothWays) {
  Theatre t;
  t.days = 5;
  t.nodes = plant("works") + kTwoDepots;
  t.sections =
      "munitions: [{id: widget}]\n"
      "stocks:\n  works: {widget: 10}\n  src: {widget: 10}\n"
      "factories:\n  - {node: works, product: widget, per_day: 1}\n"
      "routes:\n" +
      route("works", "dst", "widget", "air", 0, 1, 5, 0) +
      route("src", "works", "widget", "air", 0, 1, 5, 0) +
      "disruptions:\n  - {target: works, kind: cyber, prob_per_day: 1, outage_days: 2, sigma: 0}\n";
  const Results r = simulate(t, 50, 1);
  expect_span(metric(r, "outage", "works"), 1, t.days, 1);
  expect_span(metric(r, "production_widget"), 1, t.days, 0);
  expect_span(metric(r, "munitions_widget", "works"), 0, t.days, 10);
  expect_span(metric(r, "munitions_widget", "src"), 0, t.days, 10);
  expect_span(metric(r, "munitions_widget", "dst"), 0, t.days, 0);
}

// ---- 6. sorties limited by stocks --------------------------------------------------------------

const std::string kField =
    "  - id: field\n"
    "    kind: airbase\n"
    "    lat: 0.0\n"
    "    lon: 0.0\n"
    "    runways:\n"
    "      - {length_m: 3000, width_m: 60}\n"
    "    repair: {teams: 1, hours_per_crater: 1, sigma: 0}\n"
    "    shelters: 4\n"
    "    aircraft:\n"
    "      - {type: jet, count: 4}\n"
    "  - {id: depot, kind: depot, lat: 0.5, lon: 0.5}\n";

// Four always-ready jets want 4 sorties a day, 1 fuel each, from 10 on hand; 8 more arrive
// every 5 days from day 5. Sorties: 4, 4, 2, then 0 until the delivery day, 4 on it.
TEST(SustainSorties, StopWhenFuelRunsOutAndResumeOnDelivery) {
  Theatre t;
  t.days = 12;
  t.nodes = kField;
  t.sections = "stocks:\n  field: {fuel: 10}\n  depot: {fuel: 100}\nroutes:\n" +
               route("depot", "field", "fuel", "air", 4, 5, 8, 0);
  const Results r = simulate(t, 50, 7);
  const std::vector<uint64_t> sorties{4, 4, 4, 2, 0, 4, 4, 0, 0, 0, 4, 4, 0};
  expect_days(metric(r, "sorties", "field"), sorties);
  expect_days(metric(r, "sorties"), sorties);
  expect_days(metric(r, "fuel", "field"), {10, 6, 2, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0});
  expect_days(metric(r, "fuel", "depot"), {100, 92, 92, 92, 92, 92, 84, 84, 84, 84, 84, 76, 76});
  expect_days(metric(r, "aircraft_mc", "field"), std::vector<uint64_t>(t.days + 1, 4));
  expect_constant(outcome(r, "first_day_sorties_below_half"), 0, 4);
  expect_constant(outcome(r, "day_munition_exhausted_fuel"), 0, 0);
}

// The same with a munition: 2 AIM-120 a sortie, 10 on hand; no fuel item exists.
TEST(SustainSorties, StopWhenMunitionsRunOutAndResumeOnDelivery) {
  Theatre t;
  t.days = 12;
  t.nodes = kField;
  t.sections =
      "munitions: [{id: aim120}]\n"
      "stocks:\n  field: {aim120: 10}\n  depot: {aim120: 100}\n"
      "consumption:\n  jet: {aim120: 2}\n"
      "routes:\n" +
      route("depot", "field", "aim120", "air", 4, 5, 8, 0);
  const Results r = simulate(t, 50, 7);
  EXPECT_EQ(r.find_metric("fuel", "field"), nullptr);
  expect_days(metric(r, "sorties", "field"), {4, 4, 1, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0});
  expect_days(metric(r, "munitions_aim120", "field"), {10, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_days(metric(r, "munitions_aim120"), {110, 94, 92, 92, 92, 92, 84, 84, 84, 84, 84, 76, 76});
}

// Fuel and munitions both cap sorties (the tighter wins), and aircraft types draw on scarce
// stock in the order the types are listed.
TEST(SustainSorties, TighterItemAndEarlierTypeWin) {
  Theatre t;
  t.days = 3;
  t.nodes =
      "  - id: field\n"
      "    kind: airbase\n"
      "    lat: 0.0\n"
      "    lon: 0.0\n"
      "    runways:\n"
      "      - {length_m: 3000, width_m: 60}\n"
      "    repair: {teams: 1, hours_per_crater: 1, sigma: 0}\n"
      "    shelters: 6\n"
      "    aircraft:\n"
      "      - {type: heavy, count: 3}\n"
      "      - {type: jet, count: 3}\n";
  // jet is listed first under aircraft_types, so it draws first though listed second here.
  t.sections =
      "munitions: [{id: aim120}]\n"
      "stocks:\n  field: {fuel: 100, aim120: 7}\n"
      "consumption:\n  jet: {aim120: 1, fuel: 2}\n  heavy: {aim120: 1, fuel: 0}\n";
  std::string text = yaml(t);
  text.replace(text.find("raids:"), 6,
               "  - {id: heavy, strip: fighter, sortie_rate: 2.0, mc_rate: 1.0, fix_rate: 0.0}\n"
               "raids:");
  const Results r = simulate(text, 20, 1);
  // Day 1: jet 3 sorties (3 missiles, 6 fuel), heavy wants 6, gets the 4 missiles left.
  // Day 2: no missiles left.
  expect_days(metric(r, "sorties", "field"), {9, 7, 0, 0});
  expect_days(metric(r, "munitions_aim120", "field"), {7, 0, 0, 0});
  expect_days(metric(r, "fuel", "field"), {100, 94, 94, 94});
}

// ---- 6b. resupply that follows need: (s, S) routes ----------------------------------------------

// An air base of always-ready jets, each sortie firing one AIM-120, so its stock falls by
// `jets` a day while it lasts; `lat` keeps bases apart.
std::string fighter_base(const std::string& id, uint32_t jets, double lat) {
  const std::string n = std::to_string(jets);
  return "  - {id: " + id + ", kind: airbase, lat: " + std::to_string(lat) +
         ", lon: 1.0, runways: [{length_m: 3000, width_m: 60}], shelters: " + n +
         ", repair: {teams: 1, hours_per_crater: 1, sigma: 0}, aircraft: [{type: jet, count: " + n +
         "}]}\n";
}

std::string reorder(uint32_t s, uint32_t big_s) {
  return ", reorder_point: " + std::to_string(s) + ", order_up_to: " + std::to_string(big_s);
}

// Three bases of 2 jets start with 10 AIM-120 each and are resupplied every 2 days (odd days,
// after the day's sorties) with 3 days in transit under s = 4. Each position (stock + in
// transit) falls 2 a day: 8 on day 1 and 4 on day 3 (not below s: nothing), 0 on day 5.
//   a: capacity 6, S 12. Day 5 ships min(6, 12 - 0) = 6 (capacity), arriving day 8; day 7
//      sees 0 + 6 in transit (nothing); day 9 sees 2 and ships 6; and so every 4 days.
//   b (the worked example of docs/shipping.md): capacity 10, S 11. Day 5 ships 10 (capacity); days
//   7 and 9 see 10 and 6 (nothing);
//      day 11 sees 2 and ships min(10, 11 - 2) = 9 (S less the position), arriving day 14.
//   c: capacity 10, S 12, from a depot holding 5: day 5 ships 5 (the source's stock), then
//      nothing is left to ship.
TEST(SustainReorder, ShipmentsFollowTheHandComputedSchedule) {
  Theatre t;
  t.days = 16;
  t.nodes = fighter_base("a", 2, 1.0) + fighter_base("b", 2, 1.2) + fighter_base("c", 2, 1.4) +
            "  - {id: depot_a, kind: depot, lat: 0.0, lon: 0.0}\n"
            "  - {id: depot_b, kind: depot, lat: 0.2, lon: 0.0}\n"
            "  - {id: depot_c, kind: depot, lat: 0.4, lon: 0.0}\n";
  t.sections =
      "munitions: [{id: aim120}]\n"
      "stocks:\n"
      "  a: {aim120: 10}\n  b: {aim120: 10}\n  c: {aim120: 10}\n"
      "  depot_a: {aim120: 100}\n  depot_b: {aim120: 100}\n  depot_c: {aim120: 5}\n"
      "consumption:\n  jet: {aim120: 1}\n"
      "routes:\n" +
      route("depot_a", "a", "aim120", "air", 3, 2, 6, 0, reorder(4, 12)) +
      route("depot_b", "b", "aim120", "air", 3, 2, 10, 0, reorder(4, 11)) +
      route("depot_c", "c", "aim120", "air", 3, 2, 10, 0, reorder(4, 12));
  const Results r = simulate(t, 20, 31);

  expect_days(metric(r, "munitions_aim120", "a"),
              {10, 8, 6, 4, 2, 0, 0, 0, 4, 2, 0, 0, 4, 2, 0, 0, 4});
  expect_days(metric(r, "munitions_aim120", "depot_a"),
              {100, 100, 100, 100, 100, 94, 94, 94, 94, 88, 88, 88, 88, 82, 82, 82, 82});
  expect_days(metric(r, "sorties", "a"), {2, 2, 2, 2, 2, 2, 0, 0, 2, 2, 2, 0, 2, 2, 2, 0, 2});
  expect_days(metric(r, "munitions_aim120", "b"),
              {10, 8, 6, 4, 2, 0, 0, 0, 8, 6, 4, 2, 0, 0, 7, 5, 3});
  expect_days(metric(r, "munitions_aim120", "depot_b"),
              {100, 100, 100, 100, 100, 90, 90, 90, 90, 90, 90, 81, 81, 81, 81, 81, 81});
  expect_days(metric(r, "munitions_aim120", "c"),
              {10, 8, 6, 4, 2, 0, 0, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0});
  expect_days(metric(r, "munitions_aim120", "depot_c"),
              {5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_constant(outcome(r, "shipments_lost_total"), 0, 0);
}

// One depot of 15 serves two bases of 2 jets (4 AIM-120 each) daily, s = 3, S = 10, a day in
// transit. Day 1 leaves both at 2: the route with priority 0 (listed second) takes its full
// order, 8; the other gets the 7 left, not its 8. Both are then at or above s until day 5,
// when the depot is empty; the bases run dry on day 6.
TEST(SustainReorder, ADepotServingTwoBasesSplitsItsStockInPriorityOrder) {
  Theatre t;
  t.days = 7;
  t.nodes = fighter_base("first", 2, 1.0) + fighter_base("second", 2, 1.2) +
            "  - {id: depot, kind: depot, lat: 0.0, lon: 0.0}\n";
  t.sections =
      "munitions: [{id: aim120}]\n"
      "stocks:\n  first: {aim120: 4}\n  second: {aim120: 4}\n  depot: {aim120: 15}\n"
      "consumption:\n  jet: {aim120: 1}\n"
      "routes:\n" +
      route("depot", "second", "aim120", "air", 1, 1, 10, 0, reorder(3, 10) + ", priority: 1") +
      route("depot", "first", "aim120", "air", 1, 1, 10, 0, reorder(3, 10) + ", priority: 0");
  const Results r = simulate(t, 20, 32);

  expect_days(metric(r, "munitions_aim120", "depot"), {15, 0, 0, 0, 0, 0, 0, 0});
  expect_days(metric(r, "munitions_aim120", "first"), {4, 2, 8, 6, 4, 2, 0, 0});
  expect_days(metric(r, "munitions_aim120", "second"), {4, 2, 7, 5, 3, 1, 0, 0});
  expect_days(metric(r, "sorties", "second"), {2, 2, 2, 2, 2, 2, 1, 0});
}

// The position counts what is on its way to the base by every route: a slow primary route
// (priority 0, 3 days) ships the 5 its depot holds on day 1, and the fast backup (priority 1,
// 1 day) ships nothing while those 5 are on their way (position 7 on day 1, 5 on days 2
// and 3: not below s = 3) nor on day 4, when they have arrived (3). From day 5 the primary's depot
// is empty and the backup alone brings the position back to S = 10: 9 on day 5, 8 on day 9.
TEST(SustainReorder, InTransitOnEveryRouteToTheBaseCounts) {
  Theatre t;
  t.days = 10;
  t.nodes = fighter_base("base", 2, 1.0) +
            "  - {id: primary, kind: depot, lat: 0.0, lon: 0.0}\n"
            "  - {id: backup, kind: depot, lat: 0.2, lon: 0.0}\n";
  t.sections =
      "munitions: [{id: aim120}]\n"
      "stocks:\n  base: {aim120: 4}\n  primary: {aim120: 5}\n  backup: {aim120: 100}\n"
      "consumption:\n  jet: {aim120: 1}\n"
      "routes:\n" +
      route("primary", "base", "aim120", "air", 3, 1, 10, 0, reorder(3, 10)) +
      route("backup", "base", "aim120", "air", 1, 1, 10, 0, reorder(3, 10) + ", priority: 1");
  const Results r = simulate(t, 20, 33);

  expect_days(metric(r, "munitions_aim120", "base"), {4, 2, 0, 0, 3, 1, 8, 6, 4, 2, 8});
  expect_days(metric(r, "munitions_aim120", "primary"), {5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_days(metric(r, "munitions_aim120", "backup"),
              {100, 100, 100, 100, 100, 91, 91, 91, 91, 83, 83});
}

// ---- 7. stocks under strikes --------------------------------------------------------------------

// Four tanks hold 103 fuel. Day 2: tank 0 goes, taking floor(103 / 4) = 25. Day 3: missiles
// at tanks 0 (already gone), 1 and 2 take floor(78 / 3) = 26 and floor(52 / 2) = 26. An igloo
// takes its share of every munition, not of fuel.
TEST(SustainStocks, DestroyedContainersTakeTheirShare) {
  Theatre t;
  t.days = 4;
  t.raids =
      "  - {days: [2, 2], target: farm, aim: fuel, missile: m, count: 1}\n"
      "  - {days: [3, 3], target: farm, aim: fuel, missile: m, count: 3}\n"
      "  - {days: [2, 2], target: dump, aim: munitions, missile: m, count: 1}\n";
  t.nodes =
      "  - {id: farm, kind: depot, lat: 0.0, lon: 0.0, fuel_tanks: 4}\n"
      "  - {id: dump, kind: depot, lat: 0.5, lon: 0.0, munition_igloos: 2}\n";
  t.sections =
      "munitions: [{id: aim120}, {id: pac3}]\n"
      "stocks:\n  farm: {fuel: 103}\n  dump: {aim120: 51, pac3: 10, fuel: 40}\n";
  const Results r = simulate(t, 50, 9);
  expect_days(metric(r, "fuel_tanks_standing", "farm"), {4, 4, 3, 1, 1});
  expect_days(metric(r, "fuel", "farm"), {103, 103, 78, 26, 26});
  expect_days(metric(r, "munition_igloos_standing", "dump"), {2, 2, 1, 1, 1});
  expect_days(metric(r, "munitions_aim120", "dump"), {51, 51, 26, 26, 26});
  expect_days(metric(r, "munitions_pac3", "dump"), {10, 10, 5, 5, 5});
  expect_days(metric(r, "fuel", "dump"), {40, 40, 40, 40, 40});
  expect_days(metric(r, "fuel"), {143, 143, 118, 66, 66});
}

// A battery of 4 ready rounds fires 3 a day (pk 1, one shot each) and reloads from the
// node's 10 in stock after the strikes: back to 4 on days 1-3 (stock 7, 4, 1), only to 2 on
// day 4 (stock 0), and empty on day 5 when two of the three missiles are engaged.
TEST(SustainStocks, BatteriesReloadFromNodeStock) {
  Theatre t;
  t.days = 6;
  t.raids = "  - {days: [1, 5], target: site_b, aim: fuel, missile: m, count: 3}\n";
  t.nodes =
      "  - id: site_b\n"
      "    kind: depot\n"
      "    lat: 0.0\n"
      "    lon: 0.0\n"
      "    fuel_tanks: 1\n"
      "    defenses:\n"
      "      - {interceptor: pac3, inventory: 4, shots_per_target: 1, policy: barrage, "
      "channels: 10}\n";
  t.sections =
      "interceptors:\n  - {id: pac3, pk: {default: 1}}\n"
      "stocks:\n  site_b: {pac3: 10}\n";
  const Results r = simulate(t, 50, 10);
  expect_days(metric(r, "interceptors_remaining", "site_b"), {4, 4, 4, 4, 2, 0, 0});
  expect_days(metric(r, "munitions_pac3", "site_b"), {10, 7, 4, 1, 0, 0, 0});
  expect_days(metric(r, "munitions_pac3"), {10, 7, 4, 1, 0, 0, 0});
  expect_days(metric(r, "missiles_intercepted"), {0, 3, 3, 3, 3, 2, 0});
  expect_constant(outcome(r, "day_interceptors_exhausted"), 0, 5);
  expect_constant(outcome(r, "day_munition_exhausted_pac3"), 0, 4);
}

// Arrivals come before the reload: a delivery on day 2 refills the battery that day.
TEST(SustainStocks, DeliveryReloadsTheSameDay) {
  Theatre t;
  t.days = 3;
  t.raids = "  - {days: [1, 3], target: site_b, aim: fuel, missile: m, count: 2}\n";
  t.nodes =
      "  - id: site_b\n"
      "    kind: depot\n"
      "    lat: 0.0\n"
      "    lon: 0.0\n"
      "    fuel_tanks: 1\n"
      "    defenses:\n"
      "      - {interceptor: pac3, inventory: 4, shots_per_target: 1, policy: barrage, "
      "channels: 10}\n"
      "  - {id: depot, kind: depot, lat: 0.5, lon: 0.5}\n";
  t.sections =
      "interceptors:\n  - {id: pac3, pk: {default: 1}}\n"
      "stocks:\n  site_b: {pac3: 0}\n  depot: {pac3: 50}\nroutes:\n" +
      route("depot", "site_b", "pac3", "air", 1, 5, 3, 0);
  const Results r = simulate(t, 50, 10);
  // Day 1: 4 - 2 = 2, nothing to reload. Day 2: 2 - 2 = 0, 3 arrive, reload to 3.
  // Day 3: 3 - 2 = 1.
  expect_days(metric(r, "interceptors_remaining", "site_b"), {4, 2, 3, 1});
  expect_days(metric(r, "munitions_pac3", "site_b"), {0, 0, 0, 0});
  expect_constant(outcome(r, "day_interceptors_exhausted"), 0, 0);
}

// ---- 8. postures end to end
// ----------------------------------------------------------------------

// A co-production plant and its line exist only under `coproduction`; `set:` changes the
// shelters of a base and the loss rate of a route; a flagged route listed first does not
// shift the draws of the route after it (keys are file positions).
TEST(SustainPostures, RequiresAndSetChangeResults) {
  Theatre t;
  t.days = 20;
  t.nodes =
      "  - {id: field, kind: airbase, lat: 0.0, lon: 0.0, shelters: 4}\n"
      "  - {id: plant, kind: factory, lat: 0.2, lon: 0.0, requires: [coproduction]}\n" +
      kTwoDepots;
  t.sections =
      "munitions: [{id: gizmo}, {id: widget}]\n"
      "stocks:\n  src: {widget: 1000}\n"
      "factories:\n  - {node: plant, product: gizmo, per_day: 2, requires: [coproduction]}\n"
      "routes:\n" +
      route("plant", "dst", "gizmo", "air", 0, 1, 1, 0.5) +
      route("src", "dst", "widget", "air", 0, 1, 10, 0.3) +
      "postures:\n"
      "  - {id: baseline}\n"
      "  - {id: federated, flags: [coproduction]}\n"
      "  - {id: hardened, set: {\"nodes.field.shelters\": 9}}\n"
      "  - {id: interdicted, set: {\"routes[1].loss_prob\": 1}}\n";
  const std::string text = yaml(t);
  const uint64_t trials = 400;
  EXPECT_EQ(posture_ids_text(text),
            (std::vector<std::string>{"baseline", "federated", "hardened", "interdicted"}));

  const Results base = simulate(text, trials, 33);
  EXPECT_EQ(base.provenance.posture, "baseline");
  EXPECT_EQ(base.find_metric("production_gizmo"), nullptr);
  EXPECT_EQ(base.find_metric("munitions_gizmo", "plant"), nullptr);
  const std::vector<std::string> base_nodes = base.nodes();
  EXPECT_EQ(std::count(base_nodes.begin(), base_nodes.end(), "plant"), 0);
  expect_span(metric(base, "shelters_standing", "field"), 0, t.days, 4);

  const Results fed = simulate(text, trials, 33, "federated");
  EXPECT_EQ(fed.provenance.posture, "federated");
  expect_constant(metric(fed, "production_gizmo"), 0, 0);
  expect_span(metric(fed, "production_gizmo"), 1, t.days, 2);
  // The plant ships one a day (the first shipment leaves on day 1, after production).
  for (uint32_t day = 0; day <= t.days; ++day)
    expect_constant(metric(fed, "munitions_gizmo", "plant"), day, day);
  const std::vector<std::string> fed_nodes = fed.nodes();
  EXPECT_EQ(std::count(fed_nodes.begin(), fed_nodes.end(), "plant"), 1);
  // The widget route keeps its key, hence its draws: the same losses trial by trial (the
  // histograms of the daily losses and of the widgets delivered are identical).
  EXPECT_EQ(metric(fed, "munitions_widget", "dst").histogram,
            metric(base, "munitions_widget", "dst").histogram);
  EXPECT_EQ(metric(fed, "munitions_widget", "dst").sum,
            metric(base, "munitions_widget", "dst").sum);
  // Under federated the gizmo route adds its own Binomial(20, 0.5) losses.
  const double extra =
      outcome(fed, "shipments_lost_total").mean(0) - outcome(base, "shipments_lost_total").mean(0);
  EXPECT_NEAR(extra, 10.0, kSigmas * std::sqrt(20 * 0.25 / trials));

  const Results hard = simulate(text, trials, 33, "hardened");
  EXPECT_EQ(hard.provenance.posture, "hardened");
  expect_span(metric(hard, "shelters_standing", "field"), 0, t.days, 9);

  const Results cut = simulate(text, trials, 33, "interdicted");
  EXPECT_EQ(cut.provenance.posture, "interdicted");
  expect_constant(outcome(cut, "shipments_lost_total"), 0, t.days);
  expect_span(metric(cut, "munitions_widget", "dst"), 0, t.days, 0);
}

// ---- 8b. "never" in the sustainment example ---------------------------------------------------

// Under federated the AIM-120 stock almost never runs out: P(never) and the statistics over
// the trials where it did run out equal a hand count from the histogram.
TEST(SustainNever, ExhaustionDayStatisticsExcludeNever) {
  const std::string path =
      (std::filesystem::path(CONTESTED_SOURCE_DIR) / "configs" / "examples" / "sustainment.yaml")
          .string();
  RunOptions options;
  options.trials = 2000;
  options.seed = 20250101;
  options.backend = "cpu";
  const Results fed = run(load_scenario_file(path, "federated"), options);
  const Distribution& d = outcome(fed, "day_munition_exhausted_aim120");
  ASSERT_TRUE(d.zero_is_never);
  ASSERT_EQ(d.bin_lo, 0);
  ASSERT_EQ(d.bin_width, 1u);
  uint64_t never = d.histogram[0], happened = 0, day_sum = 0;
  for (uint32_t b = 1; b < d.bins; ++b) {
    happened += d.histogram[b];
    day_sum += d.histogram[b] * b;
  }
  EXPECT_EQ(never + happened, options.trials);
  EXPECT_GT(never, options.trials / 2);  // never exhausted in most trials
  EXPECT_EQ(d.never(0), never);
  EXPECT_DOUBLE_EQ(d.p_never(0), static_cast<double>(never) / options.trials);
  if (happened == 0) {
    EXPECT_TRUE(std::isnan(d.mean(0)));
  } else {
    EXPECT_DOUBLE_EQ(d.mean(0), static_cast<double>(day_sum) / happened);
    EXPECT_GE(d.quantile(0, 0.0), 1.0);  // a day, never 0
  }
}

// ---- 9. determinism of the sustainment example under every posture ------------------------------

TEST(SustainDeterminism, ExamplePosturesIdenticalWhateverThreadsAndChunks) {
  const std::string path =
      (std::filesystem::path(CONTESTED_SOURCE_DIR) / "configs" / "examples" / "sustainment.yaml")
          .string();
  const std::vector<std::string> postures = posture_ids(path);
  ASSERT_EQ(postures, (std::vector<std::string>{"baseline", "federated", "hardened"}));
  for (const std::string& posture : postures) {
    SCOPED_TRACE(posture);
    const Scenario scenario = load_scenario_file(path, posture);
    RunOptions options;
    options.trials = 300;
    options.seed = 20250101;
    options.backend = "cpu";
    options.threads = 1;
    const Results reference = run(scenario, options);
    EXPECT_EQ(reference.provenance.posture, posture);
    struct Setting {
      int threads;
      uint32_t chunk;
    };
    for (const Setting& s : {Setting{2, 0}, Setting{1, 7}, Setting{2, 7}}) {
      options.threads = s.threads;
      options.chunk = s.chunk;
      testing::expect_same_distributions(
          reference, run(scenario, options),
          posture + ", threads " + std::to_string(s.threads) + ", chunk " +
              (s.chunk ? std::to_string(s.chunk) : std::string("default")));
    }
    // The co-production line exists under federated alone.
    EXPECT_EQ(reference.find_metric("production_pac3") != nullptr, posture == "federated");
  }
}

}  // namespace
}  // namespace contested
