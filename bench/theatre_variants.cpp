#include "bench/theatre_variants.hpp"

#include <yaml-cpp/yaml.h>

#include <set>

namespace contested::bench {
namespace {

std::string emitted(const YAML::Node& root) {
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

// The entries of a list whose `keys` all name a kept node.
YAML::Node without_dropped(const YAML::Node& list, std::initializer_list<const char*> keys,
                           const std::set<std::string>& dropped) {
  YAML::Node kept(YAML::NodeType::Sequence);
  for (const YAML::Node& entry : list) {
    bool keep = true;
    for (const char* key : keys)
      keep = keep && !dropped.contains(entry[key].as<std::string>());
    if (keep) kept.push_back(entry);
  }
  return kept;
}

void multiply(YAML::Node node, uint32_t factor) {
  node = node.as<uint64_t>() * factor;
}

}  // namespace

uint32_t air_base_count(const std::string& yaml) {
  uint32_t n = 0;
  for (const YAML::Node& node : YAML::Load(yaml)["nodes"])
    n += node["kind"].as<std::string>() == "airbase" ? 1 : 0;
  return n;
}

std::string keep_air_bases(const std::string& yaml, uint32_t count) {
  YAML::Node root = YAML::Load(yaml);
  std::set<std::string> dropped;
  YAML::Node nodes(YAML::NodeType::Sequence);
  uint32_t air_bases = 0;
  for (const YAML::Node& node : root["nodes"]) {
    if (node["kind"].as<std::string>() == "airbase" && air_bases++ >= count) {
      dropped.insert(node["id"].as<std::string>());
    } else {
      nodes.push_back(node);
    }
  }
  root["nodes"] = nodes;
  root["raids"] = without_dropped(root["raids"], {"target"}, dropped);
  if (root["routes"]) root["routes"] = without_dropped(root["routes"], {"from", "to"}, dropped);
  if (root["disruptions"]) {
    root["disruptions"] = without_dropped(root["disruptions"], {"target"}, dropped);
  }
  if (root["stocks"]) {
    for (const std::string& id : dropped)
      root["stocks"].remove(id);
  }
  if (root["groups"]) {
    for (YAML::Node group : root["groups"]) {
      YAML::Node members(YAML::NodeType::Sequence);
      for (const YAML::Node& id : group["nodes"]) {
        if (!dropped.contains(id.as<std::string>())) members.push_back(id);
      }
      group["nodes"] = members;
    }
    YAML::Node groups(YAML::NodeType::Sequence);  // a group needs a base
    for (const YAML::Node& group : root["groups"]) {
      if (group["nodes"].size() > 0) groups.push_back(group);
    }
    root["groups"] = groups;
  }
  return emitted(root);
}

std::string scale_missiles(const std::string& yaml, uint32_t factor) {
  YAML::Node root = YAML::Load(yaml);
  for (YAML::Node raid : root["raids"])
    multiply(raid["count"], factor);
  for (YAML::Node missile : root["missiles"]) {
    multiply(missile["inventory"], factor);
    multiply(missile["launchers"], factor);
  }
  return emitted(root);
}

}  // namespace contested::bench
