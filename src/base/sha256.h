// Incremental SHA-256 over bytes as they are written (OpenSSL EVP), so checksums of import files
// cost no second read. Used by NpyWriter; the hex digest goes into manifest.json.
#ifndef F2M_BASE_SHA256_H_
#define F2M_BASE_SHA256_H_

#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace f2m {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data);
  // Lowercase hex digest of everything passed to Update. REQUIRES: called once, last.
  std::string HexDigest();

 private:
  EVP_MD_CTX* ctx_;
};

// One-shot helper: lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace f2m

#endif  // F2M_BASE_SHA256_H_
