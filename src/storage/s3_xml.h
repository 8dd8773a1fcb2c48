// The little XML that S3 answers with (errors, UploadId, ListObjectsV2 pages): flat lookups of
// <Tag>text</Tag> with entity decoding. Not a general XML parser; S3 bodies need none.
#ifndef F2M_STORAGE_S3_XML_H_
#define F2M_STORAGE_S3_XML_H_

#include <string>
#include <string_view>
#include <vector>

namespace f2m {

// Text of the first <tag>...</tag> in xml, entity-decoded; "" when absent.
std::string XmlFirst(std::string_view xml, std::string_view tag);
// Texts of every <tag>...</tag> in document order, entity-decoded.
std::vector<std::string> XmlAll(std::string_view xml, std::string_view tag);
// &amp; &lt; &gt; &quot; &apos; and numeric references (&#34; &#x22;) decoded.
std::string XmlUnescape(std::string_view s);
// &, <, > escaped for element text.
std::string XmlEscape(std::string_view s);
// %XX and '+' decoded (S3 keys listed with encoding-type=url).
std::string UrlDecode(std::string_view s);

}  // namespace f2m

#endif  // F2M_STORAGE_S3_XML_H_
