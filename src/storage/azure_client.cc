#include "storage/azure_client.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "storage/s3_xml.h"
#include "storage/sigv4.h"

namespace f2m {
namespace {

constexpr char kVersion[] = "2021-12-02";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string HttpDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

StatusOr<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return absl::InvalidArgumentError("not base64 (length)");
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return absl::InvalidArgumentError("not base64");
  size_t pad =
      text.empty() ? 0 : (text.back() == '=') + (text.size() > 1 && text[text.size() - 2] == '=');
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string SharedKeyStringToSign(std::string_view method, const HttpHeaders& headers,
                                  std::string_view account, std::string_view path,
                                  const std::vector<std::pair<std::string, std::string>>& query) {
  std::map<std::string, std::string> h;
  for (const auto& [k, v] : headers) h[Lower(k)] = Trim(v);
  auto get = [&](const char* name) {
    auto it = h.find(name);
    return it == h.end() ? std::string() : it->second;
  };
  std::string length = get("content-length");
  if (length == "0") length.clear();
  std::string out =
      StrCat(method, "\n", get("content-encoding"), "\n", get("content-language"), "\n", length,
             "\n", get("content-md5"), "\n", get("content-type"), "\n", get("date"), "\n",
             get("if-modified-since"), "\n", get("if-match"), "\n", get("if-none-match"), "\n",
             get("if-unmodified-since"), "\n", get("range"), "\n");
  for (const auto& [k, v] : h) {
    if (k.rfind("x-ms-", 0) == 0) out += StrCat(k, ":", v, "\n");  // trimmed, not collapsed
  }
  out += StrCat("/", account, path);
  std::map<std::string, std::vector<std::string>> q;
  for (const auto& [k, v] : query) q[Lower(k)].push_back(v);
  for (auto& [k, values] : q) {
    std::sort(values.begin(), values.end());
    std::string joined;
    for (const auto& v : values) joined += StrCat(joined.empty() ? "" : ",", v);
    out += StrCat("\n", k, ":", joined);
  }
  return out;
}

std::string SharedKeyAuthorization(std::string_view account, std::string_view key_bytes,
                                   std::string_view string_to_sign) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_bytes.data(), static_cast<int>(key_bytes.size()),
       reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size(), mac,
       &len);
  return StrCat("SharedKey ", account, ":",
                Base64Encode(std::string_view(reinterpret_cast<char*>(mac), len)));
}

AzureClient::AzureClient(AzureOptions options)
    : options_(std::move(options)), pool_(options_.http), retry_(options_.retry) {
  auto key = Base64Decode(options_.key);
  if (key.ok()) key_bytes_ = *std::move(key);
}

std::string AzureClient::ObjectName(std::string_view blob) const {
  return StrCat("azure://", options_.container, "/", blob);
}

std::string AzureClient::Path(std::string_view blob) const {
  std::string path = options_.path_style ? StrCat("/", options_.account) : "";
  path += StrCat("/", options_.container);
  if (!blob.empty()) path += StrCat("/", UriEncode(blob, false));
  return path;
}

StatusOr<HttpResponse> AzureClient::Attempt(std::string_view op, const AzureCall& call) {
  ++call.attempts;
  HttpRequest req;
  req.method = call.method;
  req.headers = call.headers;
  req.headers.emplace_back("x-ms-date", HttpDate(std::time(nullptr)));
  req.headers.emplace_back("x-ms-version", kVersion);
  if (call.method == "PUT" || call.method == "POST") {
    req.headers.emplace_back("content-length", std::to_string(call.body.size()));
  }
  std::string path = Path(call.blob);
  std::string query = CanonicalQuery(call.query);
  if (!options_.sas.empty()) query += StrCat(query.empty() ? "" : "&", options_.sas);
  req.url = StrCat(options_.scheme, "://", options_.host, path, query.empty() ? "" : "?", query);
  if (options_.sas.empty()) {
    req.headers.emplace_back(
        "authorization",
        SharedKeyAuthorization(
            options_.account, key_bytes_,
            SharedKeyStringToSign(call.method, req.headers, options_.account, path, call.query)));
  }
  req.body = call.body;
  auto lease = pool_.Acquire();
  auto resp = lease->Send(req, call.sink, call.sink_cap);
  if (!resp.ok()) return Annotate(resp.status(), StrCat(op, " ", ObjectName(call.blob)));
  if (resp->status < 200 || resp->status >= 300) {
    return AzureErrorStatus(op, ObjectName(call.blob), options_.container, *resp);
  }
  return resp;
}

StatusOr<HttpResponse> AzureClient::Call(std::string_view op, const AzureCall& call,
                                         Idempotent idempotent) {
  StatusOr<HttpResponse> result;
  Status s = retry_.Run(StrCat(op, " ", ObjectName(call.blob)), idempotent, [&] {
    result = Attempt(op, call);
    return result.status();
  });
  if (!s.ok()) return s;
  return result;
}

Status AzureErrorStatus(std::string_view op, std::string_view object, std::string_view container,
                        const HttpResponse& response) {
  std::string code = XmlFirst(response.body, "Code");
  if (code.empty()) code = response.Header("x-ms-error-code");
  std::string message = XmlFirst(response.body, "Message");
  message = message.substr(0, message.find('\n'));  // drop the RequestId/Time lines
  std::string detail = code.empty() ? message : StrCat(code, message.empty() ? "" : ": ", message);
  std::string what = StrCat(op, " ", object);
  if (code == "ContainerNotFound") {
    return absl::NotFoundError(StrCat(what, ": container ", container, " does not exist"));
  }
  if (code == "BlobNotFound" || (response.status == 404 && code.empty())) {
    return absl::NotFoundError(StrCat(what, ": no such blob"));
  }
  if (response.status == 403) {
    return absl::PermissionDeniedError(StrCat(what, ": access denied to container ", container,
                                              detail.empty() ? "" : " (", detail,
                                              detail.empty() ? "" : ")"));
  }
  if (code == "ConditionNotMet") {
    return absl::FailedPreconditionError(StrCat(what, ": the blob changed while being read"));
  }
  return HttpStatusError(response.status, what, detail.empty() ? "" : StrCat("(", detail, ")"));
}

}  // namespace f2m
