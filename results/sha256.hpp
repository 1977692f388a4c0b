// SHA-256 of a text, for the scenario digest stored with every result.
#pragma once

#include <string>

namespace contested {

std::string sha256_hex(const std::string& text);

}  // namespace contested
