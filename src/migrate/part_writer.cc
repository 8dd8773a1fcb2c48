#include "migrate/part_writer.h"

#include <algorithm>

namespace f2m {

PartWriter::PartWriter(FileSystem& fs, std::string dir, const DumpPlan& plan,
                       std::string id_field, std::string vector_field)
    : fs_(fs),
      dir_(std::move(dir)),
      plan_(plan),
      id_field_(std::move(id_field)),
      vector_field_(std::move(vector_field)) {}

Status PartWriter::OpenPart() {
  std::string folder = fs_.Join(dir_, PartName(part_));
  uint64_t rows = plan_.PartEnd(part_) - plan_.PartBegin(part_);
  F2M_ASSIGN_OR_RETURN(auto id_file, fs_.OpenForWrite(fs_.Join(folder, id_field_ + ".npy")));
  F2M_ASSIGN_OR_RETURN(ids_, NpyWriter::Open(std::move(id_file), NpyDtype::kInt64, {rows}));
  F2M_ASSIGN_OR_RETURN(auto vec_file,
                       fs_.OpenForWrite(fs_.Join(folder, vector_field_ + ".npy")));
  F2M_ASSIGN_OR_RETURN(vectors_, NpyWriter::Open(std::move(vec_file), plan_.vector_dtype,
                                                 {rows, plan_.cols}));
  return absl::OkStatus();
}

Status PartWriter::ClosePart() {
  F2M_RETURN_IF_ERROR(ids_->Close());
  F2M_RETURN_IF_ERROR(vectors_->Close());
  ManifestPart p;
  p.name = PartName(part_);
  p.row_begin = plan_.PartBegin(part_);
  p.row_end = plan_.PartEnd(part_);
  p.rows = p.row_end - p.row_begin;
  p.state = "written";
  p.files.push_back({id_field_ + ".npy", ids_->bytes(), ids_->sha256()});
  p.files.push_back({vector_field_ + ".npy", vectors_->bytes(), vectors_->sha256()});
  ids_.reset();
  vectors_.reset();
  ++part_;
  done_.push_back(std::move(p));
  if (on_part_) return on_part_(done_.back());
  return absl::OkStatus();
}

void PartWriter::StartAt(uint64_t part) {
  part_ = std::min(part, plan_.parts);
  rows_ = std::min(plan_.PartBegin(part_), plan_.ntotal);
}

Status PartWriter::Append(const int64_t* ids, const uint8_t* vectors, size_t rows) {
  if (rows > plan_.ntotal - rows_) {
    return absl::DataLossError(StrCat("dump vectors: the index yields more rows than its ntotal = ",
                                      plan_.ntotal));
  }
  while (rows > 0) {
    uint64_t room = plan_.PartEnd(part_) - rows_;
    size_t n = static_cast<size_t>(std::min<uint64_t>(room, rows));
    if (!ids_ && part_ < existing_.size() && existing_[part_]) {
      rows_ += n;
      ids += n;
      vectors += n * plan_.row_bytes;
      rows -= n;
      if (rows_ == plan_.PartEnd(part_)) ++part_;
      continue;
    }
    if (!ids_) F2M_RETURN_IF_ERROR(OpenPart());
    F2M_RETURN_IF_ERROR(ids_->Append(ids, n));
    F2M_RETURN_IF_ERROR(vectors_->Append(vectors, n));
    rows_ += n;
    ids += n;
    vectors += n * plan_.row_bytes;
    rows -= n;
    if (rows_ == plan_.PartEnd(part_)) F2M_RETURN_IF_ERROR(ClosePart());
  }
  return absl::OkStatus();
}

StatusOr<std::vector<ManifestPart>> PartWriter::Finish() {
  if (rows_ != plan_.ntotal) {
    return absl::DataLossError(StrCat("dump vectors: the index yielded ", rows_,
                                      " rows but its header says ntotal = ", plan_.ntotal));
  }
  return std::move(done_);
}

}  // namespace f2m
