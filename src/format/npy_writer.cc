#include "format/npy_writer.h"

#include <future>

#include "base/le.h"

namespace f2m {
namespace {

constexpr char kMagic[] = "\x93NUMPY\x01\x00";  // magic + version 1.0
constexpr size_t kPrefixBytes = 10;             // magic (6) + version (2) + u16 length
constexpr size_t kAlign = 64;                   // numpy's ARRAY_ALIGN
constexpr size_t kGrowthAxisMaxDigits = 21;     // numpy's spare room for the first axis

const char* Descr(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::kInt64: return "<i8";
    case NpyDtype::kFloat32: return "<f4";
    case NpyDtype::kUint8: return "|u1";
  }
  return "?";
}

}  // namespace

uint64_t NpyElementBytes(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::kInt64: return 8;
    case NpyDtype::kFloat32: return 4;
    case NpyDtype::kUint8: return 1;
  }
  return 0;
}

std::string NpyHeader(NpyDtype dtype, const std::vector<uint64_t>& shape) {
  // Python's repr of a tuple: "(3,)" for one dimension, "(3, 4)" for two.
  std::string shape_text = shape.size() == 1 ? StrCat("(", shape[0], ",)")
                                             : StrCat("(", shape[0], ", ", shape[1], ")");
  std::string dict = StrCat("{'descr': '", Descr(dtype), "', 'fortran_order': False, 'shape': ",
                            shape_text, ", }");
  // numpy >= 1.23 leaves room so the first axis can grow in place.
  size_t digits = StrCat(shape[0]).size();
  if (digits < kGrowthAxisMaxDigits) dict.append(kGrowthAxisMaxDigits - digits, ' ');
  size_t hlen = dict.size() + 1;  // + '\n'
  // Like numpy: a full 64 bytes of padding when already aligned.
  size_t padlen = kAlign - ((kPrefixBytes + hlen) % kAlign);
  std::string out(kMagic, 8);
  char len[2];
  StoreLE<uint16_t>(len, static_cast<uint16_t>(hlen + padlen));
  out.append(len, 2);
  out += dict;
  out.append(padlen, ' ');
  out.push_back('\n');
  return out;
}

StatusOr<uint64_t> NpyFileBytes(NpyDtype dtype, const std::vector<uint64_t>& shape) {
  uint64_t elements = shape[0];
  if (shape.size() == 2) {
    auto e = CheckedMul(shape[0], shape[1]);
    if (!e) return absl::InvalidArgumentError("size npy file: shape overflows 64 bits");
    elements = *e;
  }
  auto data = CheckedMul(elements, NpyElementBytes(dtype));
  auto total = data ? CheckedAdd(*data, NpyHeader(dtype, shape).size()) : std::nullopt;
  if (!total) return absl::InvalidArgumentError("size npy file: shape overflows 64 bits");
  return *total;
}

StatusOr<std::unique_ptr<NpyWriter>> NpyWriter::Open(std::unique_ptr<WritableFile> file,
                                                     NpyDtype dtype,
                                                     std::vector<uint64_t> shape) {
  if (shape.empty() || shape.size() > 2) {
    return absl::InvalidArgumentError(
        StrCat("open npy ", file->Name(), ": ", shape.size(), " dimensions, want 1 or 2"));
  }
  uint64_t cols = shape.size() == 2 ? shape[1] : 1;
  auto row_bytes = CheckedMul(cols, NpyElementBytes(dtype));
  if (!row_bytes) {
    return absl::InvalidArgumentError(StrCat("open npy ", file->Name(), ": row size overflows"));
  }
  std::unique_ptr<NpyWriter> w(new NpyWriter(std::move(file), shape[0], *row_bytes));
  F2M_RETURN_IF_ERROR(w->Write(NpyHeader(dtype, shape)));
  return w;
}

Status NpyWriter::Write(std::string_view data) {
  // Large chunks are hashed on a second thread while this one writes them: the checksum then
  // costs no wall time on a machine with a spare core (the caller's buffer outlives both).
  constexpr size_t kParallelHashBytes = 1 << 20;
  if (data.size() >= kParallelHashBytes) {
    auto hashed = std::async(std::launch::async, [this, data] { hash_.Update(data); });
    Status s = file_->Append(data);
    hashed.get();
    F2M_RETURN_IF_ERROR(s);
  } else {
    F2M_RETURN_IF_ERROR(file_->Append(data));
    hash_.Update(data);
  }
  bytes_ += data.size();
  return absl::OkStatus();
}

Status NpyWriter::Append(const void* data, uint64_t rows) {
  if (closed_) return absl::FailedPreconditionError(StrCat("write npy ", name(), ": closed"));
  if (rows > rows_ - rows_written_) {
    return absl::InternalError(StrCat("write npy ", name(), ": ", rows_written_ + rows,
                                      " rows appended but the header declares ", rows_));
  }
  auto n = CheckedMul(rows, row_bytes_);
  if (!n) return absl::InternalError(StrCat("write npy ", name(), ": append size overflows"));
  F2M_RETURN_IF_ERROR(Write(std::string_view(static_cast<const char*>(data), *n)));
  rows_written_ += rows;
  return absl::OkStatus();
}

Status NpyWriter::Close() {
  if (closed_) return absl::FailedPreconditionError(StrCat("close npy ", name(), ": closed"));
  closed_ = true;
  if (rows_written_ != rows_) {
    // Dropping file_ unclosed aborts it: nothing appears under the final name.
    file_.reset();
    return absl::InternalError(StrCat("close npy ", name_, ": ", rows_written_,
                                      " rows appended but the header declares ", rows_));
  }
  F2M_RETURN_IF_ERROR(file_->Close());
  sha256_ = hash_.HexDigest();
  return absl::OkStatus();
}

}  // namespace f2m
