// Demand for items, met and unmet (docs/expenditure.md). Every consumer that draws on a
// node's stock in the operations phase tells the day's ledger what it wanted and what it
// got, so that one account covers them all: theatre-wide totals per item and day, the first
// day some demand for an item went unmet, and the first day it did at each node.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/record.hpp"
#include "kernels/scenario.hpp"

namespace contested {

class DemandLedger {
 public:
  // Opens the day's account: nothing wanted yet.
  CONTESTED_FUNCTION DemandLedger(const ScenarioView& s, const RecordLayout& rl, Column rec,
                                  uint32_t day)
      : rl_(rl), rec_(rec), day_(day) {
    for (uint32_t i = 0; i < s.item_count; ++i) {
      rec_[rl_.row(rl_.theatre_demand(i), day_)] = 0;
      rec_[rl_.row(rl_.theatre_demand_met(i), day_)] = 0;
      rec_[rl_.row(rl_.theatre_demand_unmet(i), day_)] = 0;
    }
  }

  // A consumer at `node` wanted `wanted` of `item` today and got `got` (at most `wanted`).
  CONTESTED_FUNCTION void add(uint32_t node, uint32_t item, uint32_t wanted, uint32_t got) const {
    rec_[rl_.row(rl_.theatre_demand(item), day_)] += wanted;
    rec_[rl_.row(rl_.theatre_demand_met(item), day_)] += got;
    if (got == wanted) return;
    rec_[rl_.row(rl_.theatre_demand_unmet(item), day_)] += wanted - got;
    first_short(rl_.demand_exhausted_row(item));
    first_short(rl_.node_demand_exhausted_row(node, item));
  }

 private:
  // A later resupply does not reset it: the outcome is the first day, 0 until then.
  CONTESTED_FUNCTION void first_short(uint32_t row) const {
    if (rec_[row] == 0) rec_[row] = day_;
  }

  const RecordLayout& rl_;
  Column rec_;
  uint32_t day_;
};

}  // namespace contested
