#include "base/le.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "faiss2milvus reads little-endian files with plain loads");
