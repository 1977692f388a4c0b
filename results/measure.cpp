#include "results/measure.hpp"

#include <array>
#include <span>
#include <string_view>

namespace contested {
namespace {

// A name, or a prefix followed by an id (a strip class, item, missile, node or group),
// with its unit and long name; "{}" in the long name stands for the id.
struct Pattern {
  std::string_view name;
  bool prefix;
  bool outcome;
  std::string_view unit;
  std::string_view long_name;
};

constexpr std::array kDaily = {
    Pattern{"sorties", false, false, "sorties", "sorties flown that day"},
    Pattern{"sortie_capacity", false, false, "sorties",
            "sorties every aircraft based there on day 0 could fly, undamaged"},
    Pattern{"sorties_lost_strip", false, false, "sorties", "sorties lost to a closed strip"},
    Pattern{"sorties_lost_destroyed", false, false, "sorties",
            "sorties lost to destroyed aircraft"},
    Pattern{"sorties_lost_not_mc", false, false, "sorties",
            "sorties lost to aircraft not mission capable"},
    Pattern{"sorties_lost_tanker", false, false, "sorties",
            "sorties lost to a shortfall of tanker offload"},
    Pattern{"sorties_lost_fuel", false, false, "sorties", "sorties lost to lack of fuel"},
    Pattern{"tanker_sorties", false, false, "sorties", "sorties flown by tankers"},
    Pattern{"offload_delivered", false, false, "t", "fuel offloaded by tankers"},
    Pattern{"offload_short", false, false, "t", "offload needed beyond the tankers'"},
    Pattern{"sorties_lost_munitions", false, false, "sorties", "sorties lost to lack of munitions"},
    Pattern{"aircraft_alive", false, false, "aircraft", "aircraft not destroyed"},
    Pattern{"aircraft_mc", false, false, "aircraft", "aircraft mission capable"},
    Pattern{"aircraft_damaged", false, false, "aircraft",
            "damaged aircraft out of action, no depot line"},
    Pattern{"aircraft_in_depot", false, false, "aircraft",
            "damaged aircraft to, at or back from a depot line"},
    Pattern{"aircraft_returned", false, false, "aircraft",
            "damaged aircraft back in service so far"},
    Pattern{"aircraft_at_depot", false, false, "aircraft",
            "aircraft at the node's depot lines, waiting or in work"},
    Pattern{"interceptors_remaining", false, false, "interceptors",
            "interceptors loaded in batteries"},
    Pattern{"missiles_launched", false, false, "missiles", "missiles launched that day"},
    Pattern{"missiles_short", false, false, "missiles",
            "missiles a raid planned but the launcher did not have"},
    Pattern{"missiles_intercepted", false, false, "missiles", "missiles intercepted that day"},
    Pattern{"ships_available", false, false, "ships", "ships available"},
    Pattern{"ships_in_repair", false, false, "ships", "ships in battle-damage repair"},
    Pattern{"ships_in_maintenance", false, false, "ships", "ships in scheduled maintenance"},
    Pattern{"ships_sunk", false, false, "ships", "ships sunk"},
    Pattern{"ships_hit_in_port", false, false, "ships",
            "ships hit in port by anti-ship missiles that day"},
    Pattern{"ships_hit_at_sea", false, false, "ships",
            "ships hit at sea by sea-area raids that day"},
    Pattern{"missiles_fired_at_sea", false, false, "missiles",
            "missiles sea-area raids fired that day (among those launched)"},
    Pattern{"hulls_idle", false, false, "hulls", "sealift hulls at home, ready to sail"},
    Pattern{"hulls_at_sea", false, false, "hulls", "sealift hulls on a voyage"},
    Pattern{"hulls_sunk", false, false, "hulls", "sealift hulls sunk with their cargo"},
    Pattern{"shipments_lost", false, false, "shipments", "shipments lost that day"},
    Pattern{"shipments_without_hull", false, false, "shipments",
            "dispatches that had cargo but no idle sealift hull"},
    Pattern{"craters_open", false, false, "craters", "craters not yet repaired"},
    Pattern{"shelters_standing", false, false, "shelters", "aircraft shelters standing"},
    Pattern{"fuel_tanks_standing", false, false, "tanks", "fuel tanks standing"},
    Pattern{"munition_igloos_standing", false, false, "igloos", "munition igloos standing"},
    Pattern{"repair_queue", false, false, "ships", "ships waiting for a dock"},
    Pattern{"docks_standing", false, false, "docks", "dry docks standing"},
    Pattern{"piers_standing", false, false, "piers", "piers standing"},
    Pattern{"buildings_standing", false, false, "buildings", "factory buildings standing"},
    Pattern{"outage", false, false, "1 = out", "node out of action (1) or working (0)"},
    Pattern{"fuel", false, false, "sortie loads", "fuel in stock"},
    Pattern{"strip_usable_", true, false, "bases",
            "bases where a {} strip was usable at some hour of the day"},
    Pattern{"strip_hours_closed_", true, false, "hours",
            "clock hours that day a {} strip was closed at some moment"},
    Pattern{"missiles_remaining_", true, false, "missiles",
            "{} missiles in the adversary's inventory"},
    Pattern{"munitions_", true, false, "rounds", "{} rounds in stock"},
    Pattern{"supplies_", true, false, "units", "{} in stock"},
    Pattern{"production_fuel", false, false, "sortie loads", "fuel produced that day"},
    Pattern{"production_", true, false, "units", "{} produced that day"},
    Pattern{"demand_fuel", false, false, "sortie loads", "fuel wanted by consumers that day"},
    Pattern{"demand_", true, false, "units", "{} wanted by consumers that day"},
    Pattern{"demand_met_fuel", false, false, "sortie loads", "fuel consumers got that day"},
    Pattern{"demand_met_", true, false, "units", "{} consumers got that day"},
    Pattern{"demand_unmet_fuel", false, false, "sortie loads",
            "fuel consumers went without that day"},
    Pattern{"demand_unmet_", true, false, "units", "{} consumers went without that day"},
};

constexpr std::array kOutcomes = {
    Pattern{"aircraft_lost_ground", false, true, "aircraft", "aircraft destroyed on the ground"},
    Pattern{"aircraft_lost_ground_", true, true, "aircraft",
            "aircraft destroyed on the ground at {}"},
    Pattern{"aircraft_damaged_ground", false, true, "aircraft", "aircraft damaged on the ground"},
    Pattern{"first_day_sorties_below_half", false, true, "day",
            "first day theatre sorties fell below half of day 0's"},
    Pattern{"day_interceptors_exhausted", false, true, "day",
            "first day a defended base's batteries are all empty"},
    Pattern{"day_interceptors_exhausted_", true, true, "day",
            "first day {}'s batteries are all empty"},
    Pattern{"day_munition_exhausted_", true, true, "day", "first day the theatre's {} stock is 0"},
    Pattern{"day_supply_exhausted_", true, true, "day", "first day the theatre's {} stock is 0"},
    Pattern{"day_exhausted_", true, true, "day", "first day some demand went unmet ({})"},
    Pattern{"day_campaign_", true, true, "day", "day the {} campaign struck"},
    Pattern{"ship_days_lost_to_repair", false, true, "ship-days", "ship-days spent damaged"},
    Pattern{"shipments_lost_total", false, true, "shipments", "shipments lost over the campaign"},
    Pattern{"days_strip_denied_", true, true, "days", "days with no usable strip at any hour ({})"},
    Pattern{"hours_strip_closed_", true, true, "hours",
            "clock hours a strip was closed at some moment ({})"},
};

std::string fill(std::string_view text, std::string_view id) {
  std::string out(text);
  if (const size_t at = out.find("{}"); at != std::string::npos) out.replace(at, 2, id);
  return out;
}

}  // namespace

Measure describe_measure(const std::string& name, bool outcome, bool at_node) {
  const std::span<const Pattern> patterns =
      outcome ? std::span<const Pattern>(kOutcomes) : std::span<const Pattern>(kDaily);
  // An exact name wins, else the longest prefix followed by an id.
  const Pattern* best = nullptr;
  for (const Pattern& p : patterns) {
    if (!p.prefix && name == p.name) {
      best = &p;
      break;
    }
    if (p.prefix && name.size() > p.name.size() && name.starts_with(p.name) &&
        (!best || p.name.size() > best->name.size()))
      best = &p;
  }
  if (!best) return {"1", name, false};
  const std::string id = best->prefix ? name.substr(best->name.size()) : std::string();
  if (at_node && best->name == "strip_usable_")  // one base: a flag, not a count of bases
    return {"1 = usable", "a " + id + " strip usable at some hour of the day (1) or not (0)",
            false};
  return {std::string(best->unit), fill(best->long_name, id), best->unit == "day"};
}

}  // namespace contested
