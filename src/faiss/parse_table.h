// The one fourcc table: every four-character code faiss2milvus knows, the Faiss class it
// names, and the parse function for it, or the reason the kind cannot be migrated.
// Adding a Faiss kind = one parse function in its own .cc, one line here, one test.
#ifndef F2M_FAISS_PARSE_TABLE_H_
#define F2M_FAISS_PARSE_TABLE_H_

#include <string>

#include "faiss/parse.h"

namespace f2m {

struct FourccEntry {
  const char* fourcc;
  const char* class_name;
  ParseFn parse;       // null: refused (or a transform)
  const char* reason;  // why a null-parse kind is refused
  TransformFn transform = nullptr;  // vector transforms inside an IndexPreTransform
};

// The entry for `fourcc`, or null when the code is unknown.
const FourccEntry* FindFourcc(const std::string& fourcc);

}  // namespace f2m

#endif  // F2M_FAISS_PARSE_TABLE_H_
