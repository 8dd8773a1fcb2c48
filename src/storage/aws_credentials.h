// Where S3 credentials come from when the configuration has no keys: the standard AWS chain,
// in order: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN; the shared
// credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials, profile AWS_PROFILE or
// "default"); web identity (AWS_WEB_IDENTITY_TOKEN_FILE) is detected and reported as not
// supported, as is the instance metadata service. Errors never contain a secret.
#ifndef F2M_STORAGE_AWS_CREDENTIALS_H_
#define F2M_STORAGE_AWS_CREDENTIALS_H_

#include <functional>
#include <string>

#include "base/status.h"
#include "storage/sigv4.h"

namespace f2m {

// Looks up an environment variable; returns "" when unset. Tests pass a map-backed one.
using EnvLookup = std::function<std::string(const char*)>;
EnvLookup ProcessEnv();

// Keys given in the configuration win. Otherwise walks the chain above. Unauthenticated when
// nothing supplies keys, with a message that lists what was tried.
StatusOr<AwsCredentials> ResolveAwsCredentials(const std::string& access_key,
                                               const std::string& secret_key,
                                               const EnvLookup& env = ProcessEnv());

// Parses one profile of an INI-style AWS credentials file's text. NotFound if the profile is
// absent or lacks aws_access_key_id / aws_secret_access_key.
StatusOr<AwsCredentials> ParseAwsCredentialsFile(const std::string& text,
                                                 const std::string& profile);

}  // namespace f2m

#endif  // F2M_STORAGE_AWS_CREDENTIALS_H_
