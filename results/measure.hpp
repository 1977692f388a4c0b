// What a metric or outcome measures, in words and units, from its name: the one place the
// summary, the results file's attributes and Python's xarray and DataFrame labels read.
#pragma once

#include <string>

namespace contested {

struct Measure {
  std::string unit;        // "sorties", "aircraft", "hours", "day", ...
  std::string long_name;   // "sorties flown that day", "first day AIM120 ran out", ...
  bool first_day = false;  // a first day: 0 means it never happened
};

// `node` is empty for theatre-wide metrics and for outcomes; `outcome` tells per-trial
// outcomes from daily metrics. Unknown names get unit "1" and the name as long name.
Measure describe_measure(const std::string& name, bool outcome, bool at_node = false);

}  // namespace contested
