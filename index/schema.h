/* schema.h: the layout of a puebla index. index/ writes it, query/ reads
 * it through index/; nothing else may know a prefix or a slot.
 *
 * Two Xapian databases: the records' in the index directory DIR, and their
 * passages' in DIR/passages; or shards laid out so each (shards.c:
 * DIR/shard-NNN with DIR/shard-NNN/passages, and the stub files
 * DIR/XAPIANDB and DIR/passages; a record and its passages in one shard,
 * the metadata in every one, in the records' database). Two kinds of Xapian
 * document: a record (one per source file) and its passages (table rows,
 * items, paragraphs: one each), told apart by XT:record / XT:passage.
 * Searches for records thus read no passage's postings (passages are 98 %
 * of the documents), and each kind is weighed against its own statistics
 * (document count, average length). A reader given a stub file of its own
 * (remote shards) finds the passages' stub beside it, named as it with
 * ".passages" added (docs/shards.md). An index of layout 4 keeps its
 * passages in the records' database, and is read and written so. A passage carries its record's id
 * (XR:) and the record-level filters (kind, language, meeting) so that
 * fields and facets work on passages too.
 *
 * Terms
 *   (none)     words of the text and title: lowercased, accent-folded (ñ
 *              kept, see docs/text-folding.md), with positions
 *   Z          stems of those words (Spanish Snowball on folded words,
 *              terms.h), no positions
 *   S          words of the title, with positions (field `title:`)
 *   ZS         stems of title words
 *   Q<id>      unique id of the record (16 hex digits, record.h)
 *   Q<id>#<n>  unique id of its passage number n
 *   XT:<what>  XT:record or XT:passage
 *   XR:<id>    a passage's record
 *   XV<name>   verdict: XVok, XVencrypted… (boolean)
 *   XM<type>   MIME type: XMapplication/pdf (boolean)
 *   XE<ext>    file name extension, lowercased: XEpdf, XEtxt (boolean)
 *   XC:<ISO2>  a country the record names (a name, demonym or city): XC:GT
 *   XO:<id>    an organization it names: XO:OIM
 *   XS:<status> a status it reports: XS:pending
 *   XG:<id>    a meeting it names or comes from: XG:IX CRM, XG:GRCM 2005-03
 *   XK:<kind>  its kind: XK:conclusiones, XK:plan-de-accion
 *   XL:<lang>  its language: XL:es, XL:en
 *   XY:<year>  a year one of its dates touches: XY:2005
 *   XDM:<month> a month one of its dates (month precision or finer) covers:
 *              XDM:2004-12; date: queries OR the months of their range
 *   XDY:<year> a year-precision date it names ("2005", "2004-2005"), for
 *              date: ranges that overlap the year
 *   (English records get English stems under Z; the query is parsed with
 *   both stemmers and ORed)
 *
 * Values
 *   0  path (UTF-8 bytes; sorts by path, selects a directory by range)
 *   1  mtime, sortable_serialise (seconds since the epoch); what a reader
 *      shows: a touched file's record keeps the JSON of its extraction,
 *      whose "mtime" is older (puebla_indexer_touch)
 *   2  size in bytes, sortable_serialise
 *   3  content hash, hex SHA-256
 *   4  verdict name ("ok", "encrypted"…)
 *   5  reason of a failing verdict (empty when ok)
 *   6  file signature: size, mtime and ctime in nanoseconds (record.h)
 *   7  the record's date, its first day "YYYY-MM-DD" (sorts as a string)
 *   8  passages: the record's id (to collapse passages on their record)
 *   9  passages: the ordinal, sortable_serialise
 *  10  records: what a result shows of the record, JSON (id, path,
 *      path_bytes, title, mime_type, kind, language, meeting, date)
 *  11  the document's facet terms (prefixes PUEBLA_FACET_PREFIXES), whole
 *      and NUL-separated: facets are counted from this value instead of
 *      decoding the term list of every match (absent in indexes written
 *      before it was added; facets then read the term lists)
 *  12  the same terms by number (xapian-shim.h: a format byte, then
 *      7-bit groups), named by the table puebla.facet-terms: counting a
 *      number is an array's increment where a term was a hash lookup, and
 *      the value is a fifth of value 11's size. Written instead of value
 *      11 since 2026-11-22 (night); documents with value 11 (written
 *      before, or by an older puebla into a newer index) are counted from
 *      it, and an older puebla counts documents without it from their
 *      term lists: both read either.
 *
 * Data
 *   A record: the record as JSON (record.h), with pages and entities but
 *   without passages, which are stored once, in their own documents, and
 *   put back in order when a whole record is read (searcher.h). Data
 *   written before 2026-11-22 holds the passages too, and is read as is. A passage: {"record": {"id", "path",
 *   "title", "kind", "language", "meeting", "date"}, "passage": passage
 *   JSON (record.h)}. In both, an entity whose text is what its offsets
 *   cover (in its page's text, or the passage's) is stored short, as
 *   [type, id, page, start, end] or, for a date, [type, id, page, start,
 *   end, date, last_date], and its text is taken back on reading; others
 *   stay objects (record.h). Data from before 2026-11-22 (evening) has
 *   objects only, and is read as is: 958,747 entities of the 1k bench
 *   index made its data 171 MB raw as objects, 113 MB short.
 *
 * Metadata
 *   puebla.schema       the schema version below, as decimal
 *   puebla.last-ingest  ISO 8601 time of the last finished ingest
 *   puebla.facet-terms  the facet terms numbered in value 12, one a line,
 *                       the term numbered N on line N + 1. One table for
 *                       every database of an index (records, passages,
 *                       each shard), written whole into each at its
 *                       commit; numbers are only ever added, so the
 *                       table a database holds covers its documents.
 *
 * Versions
 *   1  2026-11  first layout.
 *   2  2026-11  value 6, the file signature: a change within the same
 *               second, or one that kept the mtime, is no longer missed.
 *   3  2026-11  entities: XC: XO: XS: XG: XK: XL: XY: XDM: XDY: terms and
 *               value 7; English records stemmed in English.
 *   4  2026-11  passages: XT: XR: terms, Q<id>#<n>, values 8 and 9.
 *      2026-11  value 10, the summary, within version 4: an index without
 *               it is read as before (searches parse the whole record).
 *      2026-11  a record's data without its passages, within version 4
 *               (they were stored twice); both kinds of data are read.
 *      2026-11  value 11, the facet terms, within version 4.
 *      2026-11  entities stored short (above), within version 4; both
 *               forms are read.
 *   5  2026-11  passages in a database of their own (above). Indexes of
 *               version 4 are read, and written, as they are.
 */
#pragma once

#define PUEBLA_SCHEMA_VERSION 5
/* the layout before passages had a database of their own: read and written
   as it is */
#define PUEBLA_SCHEMA_VERSION_PASSAGES_INLINE 4
/* the passages' database, beside the records' (versions) */
#define PUEBLA_PASSAGES_NAME "passages"

#define PUEBLA_META_SCHEMA "puebla.schema"
#define PUEBLA_META_LAST_INGEST "puebla.last-ingest"
#define PUEBLA_META_FACET_TERMS "puebla.facet-terms"

#define PUEBLA_PREFIX_STEM "Z"
#define PUEBLA_PREFIX_TITLE "S"
#define PUEBLA_PREFIX_ID "Q"
#define PUEBLA_PREFIX_VERDICT "XV"
#define PUEBLA_PREFIX_MIME "XM"
#define PUEBLA_PREFIX_EXT "XE"
#define PUEBLA_PREFIX_TYPE "XT:"
#define PUEBLA_TERM_RECORD "XT:record"
#define PUEBLA_TERM_PASSAGE "XT:passage"
#define PUEBLA_PREFIX_RECORD "XR:"
#define PUEBLA_PREFIX_COUNTRY "XC:"
#define PUEBLA_PREFIX_ORG "XO:"
#define PUEBLA_PREFIX_STATUS "XS:"
#define PUEBLA_PREFIX_MEETING "XG:"
#define PUEBLA_PREFIX_KIND "XK:"
#define PUEBLA_PREFIX_LANG "XL:"
#define PUEBLA_PREFIX_YEAR "XY:"
#define PUEBLA_PREFIX_MONTH "XDM:"
#define PUEBLA_PREFIX_DATE_YEAR "XDY:"

enum
{
  PUEBLA_SLOT_PATH = 0,
  PUEBLA_SLOT_MTIME = 1,
  PUEBLA_SLOT_SIZE = 2,
  PUEBLA_SLOT_HASH = 3,
  PUEBLA_SLOT_VERDICT = 4,
  PUEBLA_SLOT_REASON = 5,
  PUEBLA_SLOT_SIGNATURE = 6,
  PUEBLA_SLOT_DATE = 7,
  PUEBLA_SLOT_RECORD = 8,
  PUEBLA_SLOT_ORDINAL = 9,
  /* a record's JSON without its entities, passages and text: what a result
     shows of it, read without parsing the whole record (absent in indexes
     written before it was added; searches then parse the record) */
  PUEBLA_SLOT_SUMMARY = 10,
  PUEBLA_SLOT_FACETS = 11,
  PUEBLA_SLOT_FACET_IDS = 12,
};

/* The prefixes of the terms listed in PUEBLA_SLOT_FACETS: every facet that
   searches count (searcher.c). */
#define PUEBLA_FACET_PREFIXES                                                                                 \
  {                                                                                                           \
    PUEBLA_PREFIX_COUNTRY, PUEBLA_PREFIX_ORG, PUEBLA_PREFIX_STATUS, PUEBLA_PREFIX_MEETING, PUEBLA_PREFIX_KIND, \
      PUEBLA_PREFIX_LANG, PUEBLA_PREFIX_YEAR                                                                  \
  }
