// Counts the Philox blocks (kernels/philox.hpp philox_block) the model draws per trial of a
// scenario, by event kind, for the random-number-only limit of the benchmark table.
//   contested_draw_count SCENARIO [--trials 200] [--days D] [--seed 1] [--posture P]
// prints plain `key value` lines (bench/draw_counts.cpp reads them).
//
// Why a program of its own: the count comes from routing cuRAND's generator through a
// counter while the model's headers are compiled, below. That changes the body of the
// model's inline functions (philox_block and everything that inlines it), so no program
// may hold this definition and the production one together: that would break the one
// definition rule and let the linker pick either copy. This program therefore compiles the
// model once, instrumented, and links only the scenario loader (bench/CMakeLists.txt), never
// the engine library with its backends; the production model pays nothing for the count.
#include <vector_types.h>

#include "kernels/macros.hpp"
#ifndef QUALIFIERS
#define QUALIFIERS static inline __host__ __device__  // as kernels/philox.hpp
#endif
#include <curand_philox4x32_x.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "scenario/scenario_yaml.hpp"

namespace {

// Blocks generated so far, by the event byte of the counter (kernels/philox.hpp layout).
std::array<uint64_t, 256> blocks_by_event{};

uint4 counted_philox(uint4 counter, uint2 key) {
  ++blocks_by_event[counter.z & 0xffu];
  return curand_Philox4x32_10(counter, key);
}

}  // namespace

// Every philox_block the model's headers define from here on goes through the counter.
#define curand_Philox4x32_10 counted_philox
#include "kernels/campaign.hpp"
#undef curand_Philox4x32_10

#include <CLI/CLI.hpp>

namespace {

using namespace contested;

const char* event_name(uint32_t event) {
  switch (static_cast<Event>(event)) {
    case Event::missile_flight:
      return "missile_flight";
    case Event::missile_defence:
      return "missile_defence";
    case Event::missile_miss:
      return "missile_miss";
    case Event::missile_effect:
      return "missile_effect";
    case Event::aircraft_initial:
      return "aircraft_initial";
    case Event::aircraft_aloft:
      return "aircraft_aloft";
    case Event::aircraft_maintenance:
      return "aircraft_maintenance";
    case Event::disruption:
      return "disruption";
    case Event::ship_initial:
      return "ship_initial";
    case Event::ship_damage:
      return "ship_damage";
    case Event::ship_repair:
      return "ship_repair";
    case Event::shipment:
      return "shipment";
    case Event::coordinated_attack:
      return "coordinated_attack";
    case Event::sea_raid:
      return "sea_raid";
    case Event::aircraft_pick:
      return "aircraft_pick";
    case Event::aircraft_damage:
      return "aircraft_damage";
    case Event::uncertain_input:
      return "uncertain_input";
    case Event::sensitivity_bootstrap:
      return "sensitivity_bootstrap";
  }
  return "other";
}

uint64_t total_blocks() {
  uint64_t total = 0;
  for (const uint64_t n : blocks_by_event)
    total += n;
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Philox blocks the model draws per trial of a scenario"};
  std::string path;
  std::string posture;
  uint32_t trials = 200;
  uint32_t days = 0;
  uint64_t seed = 1;
  app.add_option("scenario", path, "scenario YAML")->required();
  app.add_option("--trials", trials, "trials counted: 0 .. trials-1 of the run")
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--days", days, "override the scenario's days")->check(CLI::Range(1u, 3650u));
  app.add_option("--seed", seed, "random seed");
  app.add_option("--posture", posture, "posture id or file");
  CLI11_PARSE(app, argc, argv);
  try {
    Scenario scenario = load_scenario_file(path, posture);
    if (days > 0) {
      scenario.days = days;
      scenario.finalize();
    }
    const ScenarioView view = scenario.view();
    const StateLayout layout = make_state_layout(view);
    const RecordLayout records = record_layout(view);
    std::vector<uint32_t> state(layout.words);
    std::vector<uint32_t> record(records.rows());
    const Campaign campaign{view, layout, records, seed};
    uint64_t least = UINT64_MAX;
    uint64_t most = 0;
    uint64_t launched = 0, at_sea = 0;
    for (uint32_t t = 0; t < trials; ++t) {
      const uint64_t before = total_blocks();
      campaign.run(t, Column{state.data(), 1}, Column{record.data(), 1});
      const uint64_t drawn = total_blocks() - before;
      least = std::min(least, drawn);
      most = std::max(most, drawn);
      for (uint32_t d = 1; d <= scenario.days; ++d) {
        launched += record[records.row(records.theatre(kTheatreMissilesLaunched), d)];
        at_sea += record[records.row(records.theatre(kTheatreMissilesFiredAtSea), d)];
      }
    }
    std::printf("trials %u\ndays %u\nblocks_total %llu\nblocks_min %llu\nblocks_max %llu\n", trials,
                scenario.days, static_cast<unsigned long long>(total_blocks()),
                static_cast<unsigned long long>(least), static_cast<unsigned long long>(most));
    // Each missile launched at a node opens one flight stream of one block (those fired at sea
    // draw in their area's stream): a check on the count.
    std::printf("missiles_launched %llu\nmissiles_at_sea %llu\n",
                static_cast<unsigned long long>(launched), static_cast<unsigned long long>(at_sea));
    for (uint32_t e = 0; e < blocks_by_event.size(); ++e) {
      if (blocks_by_event[e] == 0) continue;
      std::printf("event %s %llu\n", event_name(e),
                  static_cast<unsigned long long>(blocks_by_event[e]));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "contested_draw_count: %s\n", e.what());
    return 1;
  }
  return 0;
}
