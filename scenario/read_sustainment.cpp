// Sustainment (docs/scenario-format.md): the ship classes (docs/ships.md) and the days their
// ships take from home to each dock, the stocks, the consumption per sortie, the factories
// and their bill of materials, the routes (docs/shipping.md), the disruptions and coordinated
// campaigns (docs/disruptions.md), and what ship classes and ground units spend
// (docs/expenditure.md).
#include "scenario/scenario_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/limits.hpp"
#include "kernels/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {
namespace {

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
constexpr size_t kMaxFactoryInputs = 100;
constexpr size_t kMaxRoutes = 10000;
constexpr uint64_t kMaxShipsTheatre = 100000;
// Daily rates: with at most 10000 units and 100000 ships, an item's demand in the theatre
// stays below 2^32 a day, a 32-bit count per trial.
constexpr double kMaxUnitPerDay = 100000;
constexpr double kMaxShipPerDay = 1000;
constexpr size_t kMaxCampaignTargets = 1000;
const Real kFactoryRate = above(0, 1e6);

enum class DisruptionKind : uint8_t { sabotage, cyber };

const Choices<RouteMode> kModes{{{"sea", RouteMode::sea}, {"air", RouteMode::air}}};
enum class ShipRole : uint8_t { combatant, sealift };
const Choices<ShipRole> kShipRoles{
    {{"combatant", ShipRole::combatant}, {"sealift", ShipRole::sealift}}};
const Choices<DisruptionKind> kDisruptionKinds{
    {{"sabotage", DisruptionKind::sabotage}, {"cyber", DisruptionKind::cyber}}};

}  // namespace

// ---- ships (docs/ships.md) ----------------------------------------------------------

void ScenarioBuilder::read_ship_class(const Field& f) {
  const Mapping m(f,
                  {"id", "count", "home", "hit_prob_per_day", "sink_given_hit",
                   "in_maintenance_at_start", "repair_days", "repair_sigma", "speed_kmpd",
                   "maintenance_days", "expends", "supplied_from", "station", "role", "requires"},
                  "ship_classes");
  const uint32_t key = ship_classes_.add(m.at("id", "an id"));
  ShipClass c{};
  c.key = key;
  c.count = m.get("count", Int{0, 10000});
  const uint32_t home =
      resolve_node_of_kind(m.at("home", "a naval_base or port node id"),
                           {NodeKind::naval_base, NodeKind::port}, "a naval_base or port");
  c.sealift = m.get("role", kShipRoles, ShipRole::combatant) == ShipRole::sealift;
  ship_sealift_.push_back(c.sealift);
  read_ship_exposure(m, home, c);
  c.sink_given_hit = m.get("sink_given_hit", closed(0, 1));
  c.in_maintenance_at_start = m.get("in_maintenance_at_start", closed(0, 1));
  c.repair_days = m.get("repair_days", above(0, kMaxDays));
  c.repair_sigma = m.get("repair_sigma", closed(0, 3));
  ship_speed_kmpd_.push_back(m.get("speed_kmpd", above(0, 20000)));
  ship_speed_field_.push_back(m.at("speed_kmpd", ""));
  ship_home_.push_back(home);
  c.maintenance_days = m.get("maintenance_days", above(0, kMaxDays), c.repair_days);
  const std::vector<std::pair<uint32_t, double>> expends = read_ship_expends(m);
  const std::optional<Field> supplier_field = m.find("supplied_from");
  const uint32_t supplier = supplier_field ? nodes_.resolve(*supplier_field) : home;
  if (!exists(m, "ship_classes") || !nodes_.present(home)) return;
  const uint64_t before = ships_;
  ships_ += c.count;
  if (ships_ > kMaxShipsTheatre && before <= kMaxShipsTheatre) {
    fail(m.at("count", ""), std::to_string(ships_) +
                                " ships in the theatre so far (allowed: at most " +
                                std::to_string(kMaxShipsTheatre) + ")");
  }
  ship_classes_.include(key);
  c.home = nodes_.index(home);
  s_.ship_classes.push_back(c);
  s_.ship_class_ids.push_back(ship_classes_.name(key));
  if (!nodes_.present(supplier)) return;
  for (const auto& [item, per_ship] : expends) {
    if (!items_.present(item)) continue;
    s_.expenditures.push_back({per_ship, nodes_.index(supplier), items_.index(item), 1, kMaxDays,
                               static_cast<uint32_t>(s_.ship_classes.size() - 1)});
  }
}

// At sea a combatant class is hit with hit_prob_per_day, or by the raids of the sea areas
// its route from home to `station` crosses; sealift hulls are at risk on their voyages (the
// routes' loss_prob) and in port only, and spend nothing.
void ScenarioBuilder::read_ship_exposure(const Mapping& m, uint32_t home, ShipClass& c) const {
  if (c.sealift) {
    for (const char* key : {"hit_prob_per_day", "station", "expends"}) {
      if (const std::optional<Field> f = m.find(key)) {
        fail(*f,
             "a sealift hull is at risk on its voyages (its routes' loss_prob) and in port, "
             "and spends nothing (allowed: absent with role: sealift)");
      }
    }
    return;
  }
  const std::optional<Field> station = m.find("station");
  if (!station) {
    c.hit_prob_per_day = read(m.at("hit_prob_per_day",
                                   "hit_prob_per_day in [0, 1], or station: {lat, lon} to be "
                                   "raided in the sea areas on the way"),
                              closed(0, 1));
    return;
  }
  if (m.find("hit_prob_per_day")) {
    fail(*station,
         "the class is hit at sea with hit_prob_per_day already (allowed: "
         "hit_prob_per_day or station, not both)");
  }
  const GeoPoint at = read_location(Mapping(*station, {"lat", "lon"}));
  if (nodes_.readable(home)) c.sea_areas = areas_crossed(node_at_[home], at);
}

// `expends: {item: per ship a day}`: what each ship available spends, drawn from the stock
// of `supplied_from` (default: home). Item keys, with their rates.
std::vector<std::pair<uint32_t, double>> ScenarioBuilder::read_ship_expends(
    const Mapping& m) const {
  std::vector<std::pair<uint32_t, double>> expends;
  const std::optional<Field> f = m.find("expends");
  if (!f) {
    if (const std::optional<Field> supplier = m.find("supplied_from"))
      fail(*supplier, "applies only with expends (allowed: absent without expends:)");
    return expends;
  }
  const Mapping rates = Mapping::open(*f, "a mapping of item id → units a day per ship available");
  for (const Mapping::Entry& e : rates.entries())
    expends.emplace_back(items_.resolve(e.key_field), read(e.value, closed(0, kMaxShipPerDay)));
  return expends;
}

// Days from a class's home to each yard with a dock for it: great circle / speed, rounded up.
void ScenarioBuilder::compute_ship_transit() {
  const size_t node_count = s_.nodes.size();
  s_.ship_transit_days.assign(s_.ship_classes.size() * node_count, 0);
  for (uint32_t cls_key = 0; cls_key < ship_classes_.size(); ++cls_key) {
    if (!ship_classes_.present(cls_key)) continue;
    const uint32_t cls = ship_classes_.index(cls_key);
    const uint32_t home = ship_home_[cls_key];
    for (uint32_t key = 0; key < drafts_.size(); ++key) {
      const std::vector<uint32_t>& docks = drafts_[key].dock_classes;
      if (!nodes_.present(key) || std::find(docks.begin(), docks.end(), cls) == docks.end()) {
        continue;
      }
      const double km = great_circle_km(node_at_[home], node_at_[key]);
      const double days = std::ceil(km / ship_speed_kmpd_[cls_key]);
      if (days > kMaxDays) {
        report(ship_speed_field_[cls_key],
               "ships of class " + in_quotes(ship_classes_.name(cls_key)) + " would take " +
                   number_text(days) + " days from " + nodes_.name(home) + " to the dock at " +
                   nodes_.name(key) + " (" + formatted("%.1f", km) + " km) (allowed: at most " +
                   std::to_string(kMaxDays) +
                   " days of transit; speed_kmpd >= " + formatted("%.4g", km / kMaxDays) + ")");
        continue;
      }
      s_.ship_transit_days[cls * node_count + nodes_.index(key)] = static_cast<uint32_t>(days);
    }
  }
}

// ---- stocks, consumption, factories, routes, disruptions (docs/scenario-format.md) ----

// `stocks: {node: {item: amount}}`. Rows and cells of absent nodes or items are skipped.
void ScenarioBuilder::read_stocks(const Mapping& top) {
  theatre_stock_.assign(items_.size(), 0);
  s_.stock_initial.assign(s_.nodes.size() * item_count(), kUntracked);
  const std::optional<Field> f = top.find("stocks");
  if (!f) return;
  attempt([&] {
    const Mapping rows = Mapping::open(*f, "a mapping of node id → {item id: amount}");
    for (const Mapping::Entry& row : rows.entries()) {
      attempt([&] {
        const uint32_t node = nodes_.resolve(row.key_field);
        refuse_at_late_node(row.key_field, node, "stocks");
        const Mapping cells = Mapping::open(row.value, "a mapping of item id → amount");
        for (const Mapping::Entry& cell : cells.entries())
          attempt([&] { read_stock(node, cell); });
      });
    }
  });
}

void ScenarioBuilder::read_stock(uint32_t node, const Mapping::Entry& cell) {
  const uint32_t item = items_.resolve(cell.key_field);
  const uint32_t amount = read(cell.value, Int{0, 1000000000});
  add_to_theatre_stock(item, amount, cell.value);
  if (!nodes_.present(node) || !items_.present(item)) return;
  s_.stock_initial[size_t{nodes_.index(node)} * item_count() + items_.index(item)] = amount;
}

// `consumption: {aircraft type: {item: per sortie}}`; fuel is 1 a sortie unless stated.
void ScenarioBuilder::read_consumption(const Mapping& top) {
  s_.per_sortie.assign(s_.aircraft_types.size() * item_count(), 0);
  if (s_.fuel_item != kNoItem) {
    for (size_t type = 0; type < s_.aircraft_types.size(); ++type)
      s_.per_sortie[type * item_count() + s_.fuel_item] = 1;
  }
  const std::optional<Field> f = top.find("consumption");
  if (!f) return;
  attempt([&] {
    const Mapping rows = Mapping::open(*f, "a mapping of aircraft type id → {item id: per sortie}");
    for (const Mapping::Entry& row : rows.entries()) {
      attempt([&] {
        const uint32_t type = types_.resolve(row.key_field);
        const Mapping cells = Mapping::open(row.value, "a mapping of item id → units per sortie");
        for (const Mapping::Entry& cell : cells.entries())
          attempt([&] { read_per_sortie(type, cell); });
      });
    }
  });
}

void ScenarioBuilder::read_per_sortie(uint32_t type, const Mapping::Entry& cell) {
  const uint32_t item = items_.resolve(cell.key_field);
  const uint32_t amount = read(cell.value, Int{0, 1000});
  if (!types_.present(type) || !items_.present(item)) return;
  s_.per_sortie[size_t{types_.index(type)} * item_count() + items_.index(item)] = amount;
}

void ScenarioBuilder::read_factory(const Field& f, uint32_t key) {
  const Mapping m(
      f, {"node", "product", "per_day", "ramp_days", "start_day", "surge", "needs", "requires"});
  const uint32_t node =
      resolve_node_of_kind(m.at("node", "a factory node id"), {NodeKind::factory}, "a factory");
  const uint32_t product = items_.resolve(m.at("product", "an item id"));
  Factory factory{};
  factory.key = key;
  factory.per_day = m.get("per_day", kFactoryRate);
  factory.ramp_days = m.get("ramp_days", closed(0, kMaxDays), 0.0);
  factory.start_day = m.get("start_day", Int{0, kMaxDays}, 0u);
  read_surge(m, factory);
  // What the engine bounds the theatre's stock by: a unit more than the top rate, every day.
  add_to_theatre_stock(product,
                       (static_cast<uint64_t>(std::ceil(factory.surge_per_day)) + 1) * s_.days,
                       m.at("per_day", ""));
  std::vector<std::pair<uint32_t, uint32_t>> needs;  // item key, units per unit
  bool inputs_exist = true;
  if (const std::optional<Field> nf = m.find("needs")) {
    const Mapping inputs =
        Mapping::open(*nf, "a mapping of item id → units consumed per unit of product");
    if (inputs.entries().size() > kMaxFactoryInputs) {
      fail(*nf, "has " + plural(inputs.entries().size(), "input") + " (allowed: at most " +
                    std::to_string(kMaxFactoryInputs) + ")");
    }
    for (const Mapping::Entry& e : inputs.entries()) {
      const uint32_t item = items_.resolve(e.key_field);
      if (item == product) {
        fail(e.key_field, "a factory cannot need its own product " + in_quotes(items_.name(item)) +
                              " (allowed: other items)");
      }
      needs.emplace_back(item, read(e.value, Int{1, 1000000}));
      bill_.push_back({product, item, e.key_field});
      if (!items_.present(item)) inputs_exist = false;
    }
  }
  const std::optional<Start> start = exists_from(m);
  if (!start || !nodes_.present(node) || !items_.present(product) || !inputs_exist) return;
  factory.start_day = std::max({factory.start_day, start->day, drafts_[node].start.day});
  factory.node = nodes_.index(node);
  factory.product = items_.index(product);
  factory.input_begin = static_cast<uint32_t>(s_.factory_inputs.size());
  factory.input_count = static_cast<uint32_t>(needs.size());
  for (const auto& [item, per_unit] : needs)
    s_.factory_inputs.push_back(FactoryInput{items_.index(item), per_unit});
  s_.factories.push_back(factory);
}

// `surge: {per_day, from_day, ramp_days}`: a higher rate from a later day, ramped up to from
// per_day. Without one the factory's top rate is per_day, and no day starts a surge.
void ScenarioBuilder::read_surge(const Mapping& m, Factory& factory) {
  factory.surge_per_day = factory.per_day;
  factory.surge_from_day = kNoSurge;
  factory.surge_ramp_days = 0.0;
  const std::optional<Field> f = m.find("surge");
  if (!f) return;
  const Mapping surge(*f, {"per_day", "from_day", "ramp_days"});
  const Field rate = surge.at("per_day", allowed(kFactoryRate, "per_day"));
  factory.surge_per_day = read(rate, kFactoryRate);
  if (factory.surge_per_day <= factory.per_day) {
    fail(rate, "the surge rate " + number_text(factory.surge_per_day) +
                   " is not above the factory's per_day " + number_text(factory.per_day) +
                   " (allowed: per_day > " + number_text(factory.per_day) + ")");
  }
  const Int days{0, kMaxDays};
  const Field from = surge.at("from_day", allowed(days, "from_day"));
  factory.surge_from_day = read(from, days);
  if (factory.surge_from_day < factory.start_day) {
    fail(from, "the surge starts on day " + std::to_string(factory.surge_from_day) +
                   ", before the factory's start_day " + std::to_string(factory.start_day) +
                   " (allowed: from_day >= " + std::to_string(factory.start_day) + ")");
  }
  factory.surge_ramp_days = surge.get("ramp_days", closed(0, kMaxDays), 0.0);
}

void ScenarioBuilder::add_to_theatre_stock(uint32_t item, uint64_t amount, const Field& f) {
  const uint64_t before = theatre_stock_[item];
  theatre_stock_[item] += amount;
  // Said once, where the total passes the limit.
  if (theatre_stock_[item] <= kMaxTheatreCount || before > kMaxTheatreCount) return;
  fail(f, "the theatre could hold " + std::to_string(theatre_stock_[item]) + " of " +
              in_quotes(items_.name(item)) + " (its stocks, and what factories can make in " +
              std::to_string(s_.days) + " days) (allowed: at most " +
              std::to_string(kMaxTheatreCount) +
              " of an item in all, whatever the posture: per-trial counts are 32-bit)");
}

// A product made, directly or through other factories, from itself: the circle is refused
// at the input that closes it, whatever the posture.
void ScenarioBuilder::check_bill_of_materials() const {
  std::vector<std::vector<const BillEntry*>> made_from(items_.size());
  for (const BillEntry& b : bill_)
    made_from[b.product].push_back(&b);
  std::vector<Visit> state(items_.size(), Visit::unseen);
  std::vector<const BillEntry*> path;
  for (const BillEntry& b : bill_) {
    if (state[b.product] == Visit::unseen) visit_inputs(b.product, made_from, state, path);
  }
}

void ScenarioBuilder::visit_inputs(uint32_t item,
                                   const std::vector<std::vector<const BillEntry*>>& made_from,
                                   std::vector<Visit>& state,
                                   std::vector<const BillEntry*>& path) const {
  state[item] = Visit::on_path;
  for (const BillEntry* b : made_from[item]) {
    path.push_back(b);
    if (state[b->input] == Visit::on_path) fail_circular(path, b->input);
    if (state[b->input] == Visit::unseen) visit_inputs(b->input, made_from, state, path);
    path.pop_back();
  }
  state[item] = Visit::done;
}

void ScenarioBuilder::fail_circular(const std::vector<const BillEntry*>& path,
                                    uint32_t item) const {
  auto from = path.begin();
  while ((*from)->product != item)
    ++from;
  std::string circle;
  for (auto b = from; b != path.end(); ++b) {
    circle += (circle.empty() ? "" : ", ") + items_.name((*b)->product) + " needs " +
              items_.name((*b)->input);
  }
  fail(path.back()->where, "the bill of materials is circular: " + circle +
                               " (allowed: inputs not made, directly or through other "
                               "factories, from " +
                               in_quotes(items_.name(item)) + ")");
}

// Routes are held in priority order (ascending; file order among equals).
void ScenarioBuilder::read_routes(const Mapping& top) {
  std::vector<std::pair<uint32_t, Route>> routes;  // priority, route
  attempt([&] {
    const auto fields = optional_list(top, "routes", {0, kMaxRoutes, "route"});
    for (size_t i = 0; i < fields.size(); ++i)
      attempt([&] { read_route(fields[i], static_cast<uint32_t>(i), routes); });
  });
  std::stable_sort(routes.begin(), routes.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [priority, route] : routes)
    s_.routes.push_back(route);
}

void ScenarioBuilder::read_route(const Field& f, uint32_t key,
                                 std::vector<std::pair<uint32_t, Route>>& routes) {
  const Mapping m(
      f, {"from", "to", "item", "mode", "transit_days", "every_days", "capacity", "reorder_point",
          "order_up_to", "loss_prob", "priority", "hulls", "escort", "requires"});
  const uint32_t from = nodes_.resolve(m.at("from", "a node id"));
  const Field to_field = m.at("to", "a node id");
  const uint32_t to = nodes_.resolve(to_field);
  if (to == from) {
    fail(to_field, "the route ends where it starts, at " + in_quotes(nodes_.name(to)) +
                       " (allowed: a node other than " + in_quotes(nodes_.name(from)) + ")");
  }
  const uint32_t item = items_.resolve(m.at("item", "an item id"));
  Route r{};
  r.key = key;
  r.mode = m.get("mode", kModes);
  r.transit_days = m.get("transit_days", Int{0, 365});
  r.every_days = m.get("every_days", Int{1, 365});
  r.capacity = m.get("capacity", Int{1, 1000000000});
  read_reorder(m, r);
  r.loss_prob = m.get("loss_prob", closed(0, 1));
  std::optional<uint32_t> hulls;
  read_route_hulls(m, r, hulls);
  const uint32_t priority = m.get("priority", Int{0, 1000}, 0u);
  const std::optional<Start> start = exists_from(m);
  if (!start || !nodes_.present(from) || !nodes_.present(to) || !items_.present(item)) return;
  // A route whose hulls are absent under the posture has nothing to ship in.
  if (hulls && !ship_classes_.present(*hulls)) return;
  if (hulls) r.hulls = ship_classes_.index(*hulls);
  r.first_day = std::max({start->day, drafts_[from].start.day, drafts_[to].start.day});
  r.from = nodes_.index(from);
  r.to = nodes_.index(to);
  r.item = items_.index(item);
  routes.emplace_back(priority, r);
}

// `hulls: <sealift class>` and `escort: {share, loss_scale}` (docs/shipping.md), sea routes
// only; `hulls` is set to the class's key.
void ScenarioBuilder::read_route_hulls(const Mapping& m, Route& r,
                                       std::optional<uint32_t>& hulls) const {
  r.hulls = kNoShipClass;
  r.escort_share = 0;
  r.escort_loss_scale = 1;
  for (const char* key : {"hulls", "escort"}) {
    const std::optional<Field> f = m.find(key);
    if (f && r.mode == RouteMode::air)
      fail(*f, "applies to sea routes (allowed: absent with mode: air)");
  }
  if (const std::optional<Field> e = m.find("escort")) {
    const Mapping escort(*e, {"share", "loss_scale"});
    r.escort_share = escort.get("share", closed(0, 1));
    r.escort_loss_scale = escort.get("loss_scale", closed(0, 1));
  }
  const std::optional<Field> f = m.find("hulls");
  if (!f) return;
  const uint32_t key = ship_classes_.resolve(*f);
  if (ship_classes_.readable(key) && !ship_sealift_[key]) {
    fail(*f, "ship class " + in_quotes(ship_classes_.name(key)) +
                 " is not a sealift class (allowed: a ship class with role: sealift)");
  }
  hulls = key;
}

// The (s, S) rule (docs/shipping.md): both keys or neither, s below S. S may exceed the
// capacity: the route then takes several dispatches to bring the position back up.
void ScenarioBuilder::read_reorder(const Mapping& m, Route& r) {
  const std::optional<Field> s = m.find("reorder_point");
  const std::optional<Field> big_s = m.find("order_up_to");
  if (!s && !big_s) return;
  const std::string both = " (allowed: both reorder_point and order_up_to, or neither)";
  if (!s) fail(*big_s, "applies only with reorder_point" + both);
  if (!big_s) fail(*s, "applies only with order_up_to" + both);
  r.reorder_point = read(*s, Int{0, 1000000000});
  r.order_up_to = read(*big_s, Int{1, 1000000000});
  if (r.reorder_point < r.order_up_to) return;
  fail(*s, "reorder_point " + std::to_string(r.reorder_point) + " is not below order_up_to " +
               std::to_string(r.order_up_to) + " (allowed: reorder_point < order_up_to)");
}

void ScenarioBuilder::read_disruption(const Field& f, uint32_t key) {
  const Mapping m(f, {"target", "kind", "prob_per_day", "outage_days", "sigma", "requires"});
  const uint32_t node = nodes_.resolve(m.at("target", "a node id"));
  // The kind names the threat in the file; both act alike (an outage of the node).
  m.get("kind", kDisruptionKinds);
  Disruption d{};
  d.key = key;
  d.prob_per_day = m.get("prob_per_day", closed(0, 1));
  d.outage_days = m.get("outage_days", above(0, kMaxDays));
  d.sigma = m.get("sigma", closed(0, 3), 0.5);
  if (!exists(m, "disruptions") || !nodes_.present(node)) return;
  d.node = nodes_.index(node);
  s_.disruptions.push_back(d);
}

// A coordinated campaign of sabotage or cyber attack (docs/disruptions.md): its window, the
// chance it happens in a trial, and what it does to each target node. Targets absent under
// the posture are left out; the campaign still strikes the others.
void ScenarioBuilder::read_campaign(const Field& f) {
  const Mapping m(f, {"id", "kind", "days", "prob", "targets", "requires"}, "campaigns");
  const uint32_t key = campaigns_.add(m.at("id", "an id"));
  // The kind names the threat in the file; both act alike.
  m.get("kind", kDisruptionKinds);
  CoordinatedAttack a{};
  a.key = key;
  std::tie(a.first_day, a.last_day) = read_days(m.at("days", "[first, last]"));
  a.prob = m.get("prob", closed(0, 1));
  std::vector<AttackTarget> targets;
  std::vector<uint32_t> seen;
  for (const Field& tf :
       read_list(m.at("targets", "a list of target nodes"), {1, kMaxCampaignTargets, "target"})) {
    const Mapping t(tf, {"node", "outage_days", "sigma", "stock_share"});
    const Field node_field = t.at("node", "a node id");
    const uint32_t node = nodes_.resolve(node_field);
    if (std::find(seen.begin(), seen.end(), node) != seen.end())
      fail(node_field, "is a target of this campaign twice (allowed: each node once)");
    seen.push_back(node);
    AttackTarget target{};
    target.outage_days = t.get("outage_days", above(0, kMaxDays), 0.0);
    target.sigma = t.get("sigma", closed(0, 3), 0.5);
    target.stock_share = t.get("stock_share", closed(0, 1), 0.0);
    if (target.outage_days == 0 && target.stock_share == 0)
      fail(tf, "does nothing (allowed: outage_days, stock_share above 0, or both)");
    if (!nodes_.present(node)) continue;
    target.node = nodes_.index(node);
    targets.push_back(target);
  }
  if (!exists(m, "campaigns")) return;
  campaigns_.include(key);
  a.target_begin = static_cast<uint32_t>(s_.attack_targets.size());
  a.target_count = static_cast<uint32_t>(targets.size());
  s_.attack_targets.insert(s_.attack_targets.end(), targets.begin(), targets.end());
  s_.attacks.push_back(a);
  s_.campaign_ids.push_back(campaigns_.name(key));
}

// A ground unit spending `per_day` of an item from its node's stock (docs/expenditure.md),
// on days `days: [first, last]` (default: every day of the campaign).
void ScenarioBuilder::read_unit(const Field& f) {
  const Mapping m(f, {"id", "node", "item", "per_day", "days", "requires"}, "units");
  const uint32_t key = units_.add(m.at("id", "an id"));
  const uint32_t node = nodes_.resolve(m.at("node", "a node id"));
  const uint32_t item = items_.resolve(m.at("item", "an item id"));
  Expenditure e{};
  e.per_day = m.get("per_day", closed(0, kMaxUnitPerDay));
  e.first_day = 1;
  e.last_day = kMaxDays;  // to the end, however long the run (contested run --days)
  if (const std::optional<Field> days = m.find("days"))
    std::tie(e.first_day, e.last_day) = read_days(*days);
  e.ship_class = kNoShipClass;
  if (!exists(m, "units") || !nodes_.present(node) || !items_.present(item)) return;
  units_.include(key);
  e.node = nodes_.index(node);
  e.item = items_.index(item);
  s_.expenditures.push_back(e);
}

}  // namespace contested::scenario_schema
