#include "storage/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace f2m {
namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 15];
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Trims, and collapses runs of spaces inside the value to one (SigV4's canonical header value).
std::string CanonicalValue(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string UriEncode(std::string_view s, bool encode_slash) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (c == '/' && !encode_slash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
  return out;
}


std::string AmzDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[20];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  for (const auto& [k, v] : query) enc.emplace_back(UriEncode(k, true), UriEncode(v, true));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) out += StrCat(out.empty() ? "" : "&", k, "=", v);
  return out;
}

std::string CanonicalRequest(const SigV4Request& r, std::string* signed_headers) {
  std::map<std::string, std::string> headers;  // sorted by lowercase name
  for (const auto& [k, v] : r.headers) {
    std::string& slot = headers[Lower(k)];
    slot += StrCat(slot.empty() ? "" : ",", CanonicalValue(v));
  }
  std::string canon_headers;
  signed_headers->clear();
  for (const auto& [k, v] : headers) {
    canon_headers += StrCat(k, ":", v, "\n");
    *signed_headers += StrCat(signed_headers->empty() ? "" : ";", k);
  }
  return StrCat(r.method, "\n", r.path.empty() ? "/" : r.path, "\n", CanonicalQuery(r.query), "\n",
                canon_headers, "\n", *signed_headers, "\n", r.payload_hash);
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  return StrCat("AWS4-HMAC-SHA256\n", amz_date, "\n", scope, "\n", Sha256Hex(canonical_request));
}

std::string SignV4(SigV4Request& r, const AwsCredentials& creds, std::string_view region,
                   std::string_view service, std::string_view amz_date) {
  r.headers.emplace_back("x-amz-date", std::string(amz_date));
  if (!creds.session_token.empty()) {
    r.headers.emplace_back("x-amz-security-token", creds.session_token);
  }
  std::string_view day = amz_date.substr(0, 8);
  std::string scope = StrCat(day, "/", region, "/", service, "/aws4_request");
  std::string signed_headers;
  std::string canonical = CanonicalRequest(r, &signed_headers);
  std::string key = Hmac(StrCat("AWS4", creds.secret_key), day);
  key = Hmac(key, region);
  key = Hmac(key, service);
  key = Hmac(key, "aws4_request");
  std::string sig = Hmac(key, StringToSign(amz_date, scope, canonical));
  return StrCat("AWS4-HMAC-SHA256 Credential=", creds.access_key, "/", scope,
                ", SignedHeaders=", signed_headers, ", Signature=",
                Hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size()));
}

}  // namespace f2m
