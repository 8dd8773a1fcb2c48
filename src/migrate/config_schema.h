// The table of every config key: its full path and how its scalar value is stored into Config.
// Parsing (config_parse.cc) walks the YAML tree against this table; adding a key is one line.
#ifndef F2M_MIGRATE_CONFIG_SCHEMA_H_
#define F2M_MIGRATE_CONFIG_SCHEMA_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "migrate/config.h"

namespace f2m {

// Stores `value` (a YAML scalar's text) into `config`; `key` is the full path for messages.
using ConfigSetter =
    std::function<Status(Config& config, std::string_view value, std::string_view key)>;

struct ConfigKey {
  std::string path;  // "target.create.collection.name"
  ConfigSetter set;
};

// Every leaf key, in documentation order.
const std::vector<ConfigKey>& ConfigKeys();

// Interior keys (mappings), e.g. "target", "target.create", "target.create.collection".
const std::vector<std::string>& ConfigSections();

// Value parsers shared by the table; errors read "config <key>: <value>: <what is wanted>".
StatusOr<int64_t> ParsePositiveInt(std::string_view value, std::string_view key);
StatusOr<bool> ParseBool(std::string_view value, std::string_view key);

}  // namespace f2m

#endif  // F2M_MIGRATE_CONFIG_SCHEMA_H_
