#include "storage/aws_credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace f2m {
namespace {

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r");
  size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
  };
}

StatusOr<AwsCredentials> ParseAwsCredentialsFile(const std::string& text,
                                                 const std::string& profile) {
  std::istringstream in(text);
  std::string line, section;
  AwsCredentials c;
  bool found = false;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = Trim(line.substr(1, line.size() - 2));
      if (section.rfind("profile ", 0) == 0) section = Trim(section.substr(8));
      found = found || section == profile;
      continue;
    }
    if (section != profile) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = Trim(line.substr(0, eq)), value = Trim(line.substr(eq + 1));
    if (key == "aws_access_key_id") c.access_key = value;
    if (key == "aws_secret_access_key") c.secret_key = value;
    if (key == "aws_session_token") c.session_token = value;
  }
  if (!found) return absl::NotFoundError(StrCat("profile ", profile, " not found"));
  if (c.access_key.empty() || c.secret_key.empty()) {
    return absl::NotFoundError(
        StrCat("profile ", profile, " has no aws_access_key_id/aws_secret_access_key"));
  }
  return c;
}

StatusOr<AwsCredentials> ResolveAwsCredentials(const std::string& access_key,
                                               const std::string& secret_key,
                                               const EnvLookup& env) {
  if (!access_key.empty() || !secret_key.empty()) {
    if (access_key.empty() || secret_key.empty()) {
      return absl::InvalidArgumentError(
          "s3 credentials: both the access key (ak) and the secret key (sk) are needed, only one "
          "is set");
    }
    return AwsCredentials{access_key, secret_key, ""};
  }
  AwsCredentials c{env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"),
                   env("AWS_SESSION_TOKEN")};
  if (!c.access_key.empty() && !c.secret_key.empty()) return c;
  if (!c.access_key.empty() || !c.secret_key.empty()) {
    return absl::InvalidArgumentError(
        "s3 credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  }
  std::string file = env("AWS_SHARED_CREDENTIALS_FILE");
  if (file.empty() && !env("HOME").empty()) file = env("HOME") + "/.aws/credentials";
  std::string profile = env("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  std::string tried = "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
  if (!file.empty()) {
    std::ifstream in(file);
    if (in) {
      std::stringstream text;
      text << in.rdbuf();
      auto parsed = ParseAwsCredentialsFile(text.str(), profile);
      if (parsed.ok()) return parsed;
      if (!env("AWS_PROFILE").empty()) {
        return absl::UnauthenticatedError(
            StrCat("s3 credentials: ", file, ": ", parsed.status().message()));
      }
    }
    tried += StrCat(", ", file, " [", profile, "]");
  }
  if (!env("AWS_WEB_IDENTITY_TOKEN_FILE").empty()) {
    return absl::UnimplementedError(
        "s3 credentials: AWS_WEB_IDENTITY_TOKEN_FILE is set, but web identity (STS "
        "AssumeRoleWithWebIdentity) is not supported yet; set ak/sk or AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY");
  }
  return absl::UnauthenticatedError(
      StrCat("s3 credentials: no keys in the configuration (ak/sk) and none found in ", tried,
             "; instance metadata (useIAM on EC2) is not supported yet"));
}

}  // namespace f2m
