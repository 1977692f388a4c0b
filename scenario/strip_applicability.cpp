#include "scenario/strip_applicability.hpp"

#include <cstdio>
#include <map>

#include "kernels/airfield.hpp"

namespace contested {

namespace {

std::string metres(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

std::vector<std::string> strip_notes(const Scenario& s) {
  std::vector<std::string> notes;
  for (uint32_t b = 0; b < s.nodes.size(); ++b) {
    const Node& base = s.nodes[b];
    std::map<uint32_t, uint32_t> grounded;  // aircraft type → count
    for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
      const uint32_t type = s.aircraft_type_of[a];
      if (!strip_applicable(base, s.aircraft_types[type].strip)) ++grounded[type];
    }
    for (uint32_t c = 0; c < s.strips.size(); ++c) {
      std::string who;
      for (const auto& [type, count] : grounded) {
        if (s.aircraft_types[type].strip != c) continue;
        who += (who.empty() ? "" : ", ") + std::to_string(count) + " " + s.aircraft_type_ids[type];
      }
      if (who.empty()) continue;
      std::string longest = "it has no runway";
      double best_length = 0, best_width = 0;
      for (uint32_t r = base.runway_begin; r < base.runway_begin + base.runway_count; ++r) {
        if (s.runways[r].length_m > best_length) {
          best_length = s.runways[r].length_m;
          best_width = s.runways[r].width_m;
        }
      }
      if (base.runway_count > 0) {
        longest = "longest runway " + metres(best_length) + " x " + metres(best_width) + " m";
      }
      const std::string& strip = s.strip_ids[c];
      notes.push_back(s.node_ids[b] + ": " + who + " need the " + strip + " strip (" +
                      metres(s.strips[c].length_m) + " x " + metres(s.strips[c].width_m) +
                      " m), which no runway there holds (" + longest +
                      "): they fly no sorties from it, and its " + strip +
                      " strip metrics are n/a");
    }
  }
  return notes;
}

}  // namespace contested
