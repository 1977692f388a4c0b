// Variants of a theatre for the scaling table, made by editing its YAML text so that the
// loader checks them like any scenario file: fewer air bases, or more missiles.
#pragma once

#include <cstdint>
#include <string>

namespace contested::bench {

// Nodes of kind airbase in the scenario text.
uint32_t air_base_count(const std::string& yaml);

// The theatre with only its first `count` air bases (nodes of other kinds all kept), and
// without the raids, routes, stocks and disruptions that name a dropped base.
std::string keep_air_bases(const std::string& yaml, uint32_t count);

// The theatre with every raid's count, and every missile class's inventory and launchers,
// multiplied by `factor`: `factor` times the missiles, fired on the same days.
std::string scale_missiles(const std::string& yaml, uint32_t factor);

}  // namespace contested::bench
