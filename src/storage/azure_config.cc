// RemoteStorageConfig (cloud azure) -> AzureOptions; see azure_file_system.h for the rules.
#include <map>

#include "storage/azure_file_system.h"

namespace f2m {
namespace {

std::map<std::string, std::string> ParseConnectionString(const std::string& s) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find(';', pos);
    if (end == std::string::npos) end = s.size();
    std::string part = s.substr(pos, end - pos);
    size_t eq = part.find('=');
    if (eq != std::string::npos) out[part.substr(0, eq)] = part.substr(eq + 1);
    pos = end + 1;
  }
  return out;
}

}  // namespace

StatusOr<AzureOptions> AzureOptionsFromConfig(const RemoteStorageConfig& c, const EnvLookup& env) {
  if (c.bucket.empty()) return absl::InvalidArgumentError("remote storage: bucket is empty");
  AzureOptions o;
  o.container = c.bucket;
  o.scheme = c.use_ssl ? "https" : "http";
  std::string endpoint = c.endpoint;
  if (!c.use_iam) {
    o.account = c.access_key;
    o.key = c.secret_key;
  }
  if (o.account.empty() && o.key.empty()) {
    auto conn = ParseConnectionString(env("AZURE_STORAGE_CONNECTION_STRING"));
    o.account = conn.count("AccountName") ? conn["AccountName"] : env("AZURE_STORAGE_ACCOUNT");
    o.key = conn.count("AccountKey") ? conn["AccountKey"] : env("AZURE_STORAGE_KEY");
    o.sas = conn.count("SharedAccessSignature") ? conn["SharedAccessSignature"]
                                                : env("AZURE_STORAGE_SAS_TOKEN");
    if (endpoint.empty() && conn.count("BlobEndpoint")) endpoint = conn["BlobEndpoint"];
  }
  if (!o.sas.empty() && o.sas.front() == '?') o.sas.erase(0, 1);
  for (std::string scheme : {"http", "https"}) {
    std::string prefix = scheme + "://";
    if (endpoint.rfind(prefix, 0) == 0) {
      o.scheme = scheme;
      endpoint = endpoint.substr(prefix.size());
    }
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  size_t slash = endpoint.find('/');
  if (slash != std::string::npos) {  // host:port/account (Azurite's documented form)
    std::string account = endpoint.substr(slash + 1);
    endpoint.resize(slash);
    if (account.find('/') != std::string::npos) {
      return absl::InvalidArgumentError(
          "remote storage: azure endpoint must be host[:port][/account]");
    }
    if (o.account.empty()) o.account = account;
    if (account != o.account) {
      return absl::InvalidArgumentError(StrCat("remote storage: endpoint names account ", account,
                                               " but the account (ak) is ", o.account));
    }
  }
  if (o.account.empty()) {
    return absl::UnauthenticatedError(
        "azure credentials: no account name in the configuration (ak) nor in "
        "AZURE_STORAGE_ACCOUNT / AZURE_STORAGE_CONNECTION_STRING");
  }
  if (o.key.empty() && o.sas.empty()) {
    return absl::UnauthenticatedError(StrCat(
        "azure credentials: no key for account ", o.account,
        " (sk, AZURE_STORAGE_KEY, AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_SAS_TOKEN)"));
  }
  if (!o.key.empty() && !Base64Decode(o.key).ok()) {
    return absl::InvalidArgumentError(
        StrCat("azure credentials: the key of account ", o.account, " is not base64"));
  }
  o.path_style = !endpoint.empty() && endpoint.find(".blob.core.windows.net") == std::string::npos;
  o.host = endpoint.empty() ? StrCat(o.account, ".blob.core.windows.net") : endpoint;
  o.part_size = c.part_size;
  o.read_ahead = c.read_ahead;
  o.max_parts_in_flight = c.max_parts_in_flight;
  o.retry = c.retry;
  o.http.verify_tls = c.verify_tls;
  return o;
}

}  // namespace f2m
