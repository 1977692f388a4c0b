// libFuzzer target: the bytes are a scenario file's text, loaded and (when small) run by
// the oracle. A refusal must be a well-formed ScenarioError; any other exception escapes and
// aborts, and libFuzzer reports it with the input that raised it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/scenario_oracle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const contested::fuzz::Verdict verdict = contested::fuzz::check_scenario_text(text);
  if (verdict.error) {
    const std::string defect = contested::fuzz::refusal_defect(*verdict.error, text);
    if (!defect.empty()) {
      std::fprintf(stderr, "malformed refusal: %s\n  %s\n", defect.c_str(), verdict.error->what());
      std::abort();
    }
  }
  return 0;
}
