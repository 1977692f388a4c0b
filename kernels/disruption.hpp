// Sabotage and cyber outages (docs/disruptions.md): each day a node not already out starts an
// outage with its probability, lasting a lognormal number of days. An outage stops
// production, repair and throughput at the node.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/stocks.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

CONTESTED_FUNCTION void start_outages(const ScenarioView& s, const StateLayout& l, Column st,
                                      uint64_t seed, uint32_t trial, uint32_t day) {
  for (uint32_t k = 0; k < s.disruption_count; ++k) {
    const Disruption& d = s.disruptions[k];
    DrawStream draws(seed, trial, day, Event::disruption, d.key, 0);
    const bool starts = bernoulli(draws, d.prob_per_day);
    const uint32_t length = lognormal_days(draws, d.outage_days, d.sigma);
    if (!starts || node_out(l, st, d.node, day)) continue;
    st[l.outage_until + d.node] = day + length - 1;
  }
}

}  // namespace contested
