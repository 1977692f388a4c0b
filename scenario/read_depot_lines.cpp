// Aircraft depot lines (docs/aircraft-depots.md): `depot_lines: [{node, types, capacity,
// days_per_aircraft, transit_days, requires}]`, and for each base and aircraft type the line
// its battle-damaged aircraft go to.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "kernels/limits.hpp"
#include "kernels/scenario.hpp"
#include "scenario/scenario_builder.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {
namespace {

// Aircraft in work at once on one line; beyond it a mistake, not a depot.
constexpr uint32_t kMaxDepotCapacity = 10000;

}  // namespace

// A present line is added with the indices of the present types it takes, in `types`.
void ScenarioBuilder::read_depot_line(const Field& f, std::vector<std::vector<uint32_t>>& types) {
  const Mapping m(f,
                  {"node", "types", "capacity", "days_per_aircraft", "transit_days", "requires"});
  const uint32_t node =
      resolve_node_of_kind(m.at("node", "a depot or factory node id"),
                           {NodeKind::depot, NodeKind::factory}, "a depot or factory");
  std::vector<uint32_t> listed, taken;  // type keys; present type indices
  for (const Field& t : list(m, "types", {1, kMaxAircraftTypes, "aircraft type"})) {
    const uint32_t type = types_.resolve(t);
    if (std::find(listed.begin(), listed.end(), type) != listed.end()) {
      fail(t, "aircraft type " + in_quotes(types_.name(type)) +
                  " is listed twice on this line (allowed: each type once)");
    }
    listed.push_back(type);
    if (types_.present(type)) taken.push_back(types_.index(type));
  }
  DepotLine line{};
  line.capacity = m.get("capacity", Int{1, kMaxDepotCapacity});
  line.days_per_aircraft = m.get("days_per_aircraft", Int{1, kMaxDays});
  line.transit_days = m.get("transit_days", Int{0, kMaxDays}, 0u);
  const std::optional<Start> start = exists_from(m);
  if (!start || !nodes_.present(node)) return;
  line.node = nodes_.index(node);
  line.first_day = std::max(start->day, drafts_[node].start.day);
  s_.depot_lines.push_back(line);
  types.push_back(std::move(taken));
}

// Damaged aircraft of a type based at a node go to the nearest present line that takes the
// type (great circle; of lines equally near, the first listed); with none, they are repaired
// without one.
void ScenarioBuilder::assign_depot_lines(const std::vector<std::vector<uint32_t>>& types) {
  const size_t type_count = s_.aircraft_types.size();
  s_.depot_line_of.assign(s_.nodes.size() * type_count, kNoDepotLine);
  for (size_t b = 0; b < s_.nodes.size(); ++b) {
    const auto km = [&](uint32_t line) {
      return great_circle_km(s_.node_locations[b], s_.node_locations[s_.depot_lines[line].node]);
    };
    for (uint32_t line = 0; line < s_.depot_lines.size(); ++line) {
      for (const uint32_t t : types[line]) {
        uint32_t& chosen = s_.depot_line_of[b * type_count + t];
        if (chosen == kNoDepotLine || km(line) < km(chosen)) chosen = line;
      }
    }
  }
}

}  // namespace contested::scenario_schema
