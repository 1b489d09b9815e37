#include "pameran/core/config_file.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pameran::core {
namespace {

std::string where(const std::string& file, const toml::source_position& at) {
  return file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
}

std::string_view expected(ConfigType type) {
  switch (type) {
    case ConfigType::String: return "text in quotes";
    case ConfigType::Integer: return "a whole number";
    case ConfigType::Number: return "a number";
    case ConfigType::Boolean: return "true or false";
    case ConfigType::StringList: return "a list of texts in quotes, e.g. [\"a\", \"b\"]";
  }
  return "?";
}

// The node as the key's type, or the position and reason it is not.
Result<ConfigValue> valueOf(const toml::node& node, const ConfigKey& key, const std::string& file) {
  const auto wrong = [&](const toml::node& at) {
    return fail(Errc::Invalid, where(file, at.source().begin) + key.name + " must be " + std::string(expected(key.type)));
  };
  switch (key.type) {
    case ConfigType::String:
      if (const auto* s = node.as_string()) return ConfigValue(s->get());
      return wrong(node);
    case ConfigType::Integer:
      if (const auto* i = node.as_integer()) return ConfigValue(i->get());
      return wrong(node);
    case ConfigType::Number:
      if (const auto* i = node.as_integer()) return ConfigValue(static_cast<double>(i->get()));
      if (const auto* d = node.as_floating_point()) return ConfigValue(d->get());
      return wrong(node);
    case ConfigType::Boolean:
      if (const auto* b = node.as_boolean()) return ConfigValue(b->get());
      return wrong(node);
    case ConfigType::StringList: {
      const auto* list = node.as_array();
      if (!list) return wrong(node);
      std::vector<std::string> out;
      for (const toml::node& item : *list) {
        const auto* s = item.as_string();
        if (!s) return wrong(item);
        out.push_back(s->get());
      }
      return ConfigValue(std::move(out));
    }
  }
  return wrong(node);
}

bool isSection(std::string_view name, const std::vector<ConfigKey>& keys) {
  for (const ConfigKey& k : keys)
    if (k.name.size() > name.size() && k.name.starts_with(name) && k.name[name.size()] == '.') return true;
  return false;
}

Result<void> walk(const toml::table& table, const std::string& prefix, const std::string& file, const std::vector<ConfigKey>& keys) {
  for (const auto& [k, node] : table) {
    const std::string name = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const ConfigKey* key = nullptr;
    for (const ConfigKey& candidate : keys)
      if (candidate.name == name) key = &candidate;
    if (!key) {
      if (const auto* sub = node.as_table(); sub && isSection(name, keys)) {
        if (auto ok = walk(*sub, name, file, keys); !ok) return ok;
        continue;
      }
      return fail(Errc::Invalid, where(file, k.source().begin) +
                                     (node.is_table() ? "unknown section [" + name + "]" : "unknown setting '" + name + "'"));
    }
    auto value = valueOf(node, *key, file);
    if (!value) return value.failure();
    if (auto refused = key->apply(*value))
      return fail(Errc::Invalid, where(file, node.source().begin) + key->name + " " + *refused);
  }
  return {};
}

}  // namespace

Result<void> readConfigText(std::string_view text, const std::string& fileName, const std::vector<ConfigKey>& keys) {
  toml::table root;
  try {
    root = toml::parse(text, fileName);
  } catch (const toml::parse_error& e) {
    return fail(Errc::Invalid, where(fileName, e.source().begin) + std::string(e.description()));
  }
  return walk(root, "", fileName, keys);
}

Result<void> readConfigFile(const std::string& path, const std::vector<ConfigKey>& keys) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) return fail(Errc::NotFound, path + ": no such settings file");
  if (!std::filesystem::is_regular_file(status)) return fail(Errc::Invalid, path + ": not a regular file");
  if (std::filesystem::file_size(path, ec) > (1u << 20)) return fail(Errc::Invalid, path + ": too large for a settings file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::Storage, path + ": cannot be read (permissions?)");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(Errc::Storage, path + ": read error");
  return readConfigText(text.str(), path, keys);
}

ConfigKey stringKey(std::string name, std::string& target, std::function<std::optional<std::string>(const std::string&)> check) {
  return ConfigKey{std::move(name), ConfigType::String,
                   [&target, check = std::move(check)](const ConfigValue& v) -> std::optional<std::string> {
                     const std::string& s = std::get<std::string>(v);
                     if (check)
                       if (auto refused = check(s)) return refused;
                     target = s;
                     return std::nullopt;
                   }};
}

ConfigKey boolKey(std::string name, bool& target) {
  return ConfigKey{std::move(name), ConfigType::Boolean, [&target](const ConfigValue& v) -> std::optional<std::string> {
                     target = std::get<bool>(v);
                     return std::nullopt;
                   }};
}

ConfigKey numberKey(std::string name, double& target, double min, double max) {
  return ConfigKey{std::move(name), ConfigType::Number, [&target, min, max](const ConfigValue& v) -> std::optional<std::string> {
                     const double d = std::get<double>(v);
                     if (!(d >= min && d <= max)) {
                       std::ostringstream s;
                       s << "must be " << min << " to " << max;
                       return s.str();
                     }
                     target = d;
                     return std::nullopt;
                   }};
}

ConfigKey stringListKey(std::string name, std::vector<std::string>& target,
                        std::function<std::optional<std::string>(const std::string&)> checkEach) {
  return ConfigKey{std::move(name), ConfigType::StringList,
                   [&target, checkEach = std::move(checkEach)](const ConfigValue& v) -> std::optional<std::string> {
                     const auto& items = std::get<std::vector<std::string>>(v);
                     if (checkEach)
                       for (const std::string& item : items)
                         if (auto refused = checkEach(item)) return refused;
                     target = items;
                     return std::nullopt;
                   }};
}

}  // namespace pameran::core
